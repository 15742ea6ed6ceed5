#!/usr/bin/env node
// `npm run audit`: audits this repository with weft, with no network and no keys. The plan is built from the
// repository's own files (build-plan.js): per file an fs.read, its git history and a git blame; per repository the
// git history and status, and npm's view of the dependency tree and of the package; custom tools (tools.js)
// aggregate them and fs.write saves the report. To quote an honest speedup, the same plan first runs quietly one call
// at a time (--concurrency 1 --json), then in parallel with live progress, and the two measured wall times are
// compared. examples/audit/plan.json is a small hand-written plan that uses the same tools on two files.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { listAuditedFiles } from "./audited-files.js";
import { buildAuditPlan } from "./build-plan.js";
import { describeComparison, formatMs, sampleCpuBusy } from "./speedup.js";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const planPath = ".weft/audit-plan.json";
const tracePath = ".weft/audit-trace.json";
const reportPath = ".weft/audit-report.md";
const timelinePath = ".weft/audit-timeline.html";
const toolsPath = "examples/audit/tools.js";
const maxFiles = 150;
const cores = availableParallelism();

// Sampled before the demo starts anything of its own: what other programs leave of the machine.
const busyBefore = await sampleCpuBusy(400);
const manifests = ["package.json", "tsconfig.json", "biome.json", ".gitignore"].filter((path) =>
  existsSync(join(repositoryRoot, path)),
);
const [audited, hasNpm] = await Promise.all([
  listAuditedFiles(repositoryRoot, { maxFiles }),
  manifests.includes("package.json") && succeeds("npm", ["--version"]),
]);
const plan = buildAuditPlan({ ...audited, manifests, hasNpm, reportPath });
await mkdir(join(repositoryRoot, ".weft"), { recursive: true });
await writeFile(join(repositoryRoot, planPath), `${JSON.stringify(plan, null, 2)}\n`);

const capped =
  audited.files.length < audited.candidates ? ` (the first ${maxFiles} of ${audited.candidates})` : "";
console.log(
  `Auditing ${audited.files.length} files${capped}: ${plan.calls.length} calls, written to ${planPath}.`,
);
if (!audited.hasGit) {
  console.log(
    `No git history here (${audited.noGitReason}): the git calls are skipped; the files are still read.`,
  );
}
if (manifests.includes("package.json") && !hasNpm) {
  console.log("npm does not run here: the npm calls are skipped.");
}

console.log("Measuring the same plan one call at a time first (--concurrency 1, quiet)…");
const oneByOne = await runQuietly(["--concurrency", "1", "--json", "--no-estimates"]);
if (oneByOne === undefined) {
  console.log("The one-by-one run printed no JSON result; only the parallel run is timed.");
} else console.log(`One by one: ${formatMs(oneByOne.makespanMs)}, ${oneByOne.status}.`);

const extraArguments = process.argv.slice(2);
const hasConcurrency = extraArguments.some((argument) => /^(-c|--concurrency)(=|$)/.test(argument));
const concurrencyArguments = hasConcurrency ? [] : ["--concurrency", "16"];
const concurrency = concurrencyOf([...concurrencyArguments, ...extraArguments]);
const arguments_ = [
  "bin/weft.js",
  "run",
  planPath,
  "--tools",
  toolsPath,
  ...concurrencyArguments,
  "--trace",
  tracePath,
  "--report",
  timelinePath,
  ...extraArguments,
];
console.log(`\n$ weft ${arguments_.slice(1).join(" ")}\n`);
const child = spawn(process.execPath, arguments_, { cwd: repositoryRoot, stdio: "inherit" });
// Ctrl-C reaches the child too (same process group): let it cancel and report, then exit with its code.
process.on("SIGINT", () => {});
const exitCode = await new Promise((resolve) => {
  child.on("exit", (code, signal) => resolve(code ?? (signal === "SIGINT" ? 130 : 1)));
});
if (exitCode === 2 || exitCode === 130) process.exit(exitCode);

let trace;
try {
  trace = JSON.parse(await readFile(join(repositoryRoot, tracePath), "utf8"));
} catch (error) {
  console.error(`\nThe run wrote no trace to ${tracePath} (${error.message}); see the output above.`);
  process.exit(exitCode === 0 ? 1 : exitCode);
}
const { makespanMs, sequentialMs } = trace.traceEvents.find(
  (event) => event.ph === "X" && event.cat === "run",
).args;

console.log(`\nReport: ${reportPath}`);
console.log(`Plan:   ${planPath} (rerun it: node bin/weft.js run ${planPath} --tools ${toolsPath})`);
console.log(`Trace:  ${tracePath} (open it in https://ui.perfetto.dev)`);
console.log(`Timeline: ${timelinePath} (where the time went: open it in a browser)\n`);
const parallel = { makespanMs, sequentialMs };
const comparison = { calls: plan.calls.length, concurrency, oneByOne, parallel, cores, busyBefore };
for (const line of describeComparison(comparison)) console.log(line);
process.exit(exitCode);

/** Runs the plan with `--json` and no live output; resolves to the parsed result, or undefined. */
function runQuietly(options) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/weft.js", "run", planPath, "--tools", toolsPath, ...options],
      { cwd: repositoryRoot, maxBuffer: 256 * 1024 * 1024 },
      (_error, stdout) => {
        try {
          resolve(JSON.parse(stdout));
        } catch {
          resolve(undefined);
        }
      },
    );
  });
}

function succeeds(program, args) {
  return new Promise((resolve) =>
    execFile(program, args, { cwd: repositoryRoot }, (error) => resolve(!error)),
  );
}

function concurrencyOf(argumentList) {
  let value = "16";
  argumentList.forEach((argument, index) => {
    if (argument === "-c" || argument === "--concurrency") value = argumentList[index + 1] ?? value;
    else if (argument.startsWith("--concurrency=")) value = argument.slice("--concurrency=".length);
  });
  return value;
}
