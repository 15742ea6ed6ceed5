#!/usr/bin/env node
// `npm run demo`: audits this repository with weft, with no network and no keys. It builds the plan from the
// repository's own files (build-plan.js): for each file an fs.read and a `git log -1` (when it last changed and who
// changed it), plus whole-repository git calls; custom tools (tools.js) aggregate them and fs.write saves the report.
// To quote an honest speedup, the same plan first runs quietly one call at a time (--concurrency 1 --json), then in
// parallel with live progress, and the two measured wall times are compared.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { listAuditedFiles } from "./audited-files.js";
import { buildAuditPlan } from "./build-plan.js";
import { explainSlowSpeedup, formatMs } from "./speedup.js";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const planPath = ".weft/audit-plan.json";
const tracePath = ".weft/audit-trace.json";
const reportPath = ".weft/audit-report.md";
const toolsPath = "examples/audit/tools.js";
const maxFiles = 150;
const cores = availableParallelism();
const loadBefore = loadavg()[0];

const audited = await listAuditedFiles(repositoryRoot, { maxFiles });
const manifests = ["package.json", "tsconfig.json", "biome.json", ".gitignore"].filter((path) =>
  existsSync(join(repositoryRoot, path)),
);
const plan = buildAuditPlan({ ...audited, manifests, reportPath });
await mkdir(join(repositoryRoot, ".weft"), { recursive: true });
await writeFile(join(repositoryRoot, planPath), `${JSON.stringify(plan, null, 2)}\n`);

const capped =
  audited.files.length < audited.candidates ? ` (the first ${maxFiles} of ${audited.candidates})` : "";
console.log(
  `Auditing ${audited.files.length} files${capped}: ${plan.calls.length} calls, written to ${planPath}.`,
);
if (!audited.hasGit) {
  console.log(
    `No git history here (${audited.noGitReason}): the git calls are skipped, the files are still read.`,
  );
}

console.log("Measuring the same plan one call at a time first (--concurrency 1, quiet)…");
const oneByOne = await runQuietly(["--concurrency", "1", "--json", "--no-estimates"]);
if (oneByOne === undefined)
  console.log("The one-by-one run printed no JSON result; only the parallel run is timed.");
else console.log(`One by one: ${formatMs(oneByOne.makespanMs)}, ${oneByOne.status}.`);

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
console.log(`\nMeasured wall time of the same ${plan.calls.length} calls on this machine (${cores} cores):`);
if (oneByOne !== undefined) {
  console.log(`  one by one  (--concurrency 1)  ${formatMs(oneByOne.makespanMs).padStart(9)}`);
}
console.log(
  `  in parallel (--concurrency ${concurrency}) ${formatMs(makespanMs).padStart(9)}`.replace(") ", ")"),
);
if (oneByOne !== undefined && makespanMs > 0) {
  const speedup = oneByOne.makespanMs / makespanMs;
  console.log(`  speedup ${`${speedup.toFixed(2)}×`.padStart(31)}`);
  console.log(
    `For reference, the calls' own durations add up to ${formatMs(oneByOne.sequentialMs)} one by one and ${formatMs(sequentialMs)} in parallel (calls running side by side each take longer), so that sum is no measure of the speedup.`,
  );
  if (speedup < 1.2) {
    console.log(
      explainSlowSpeedup({
        speedup,
        oneByOneMs: oneByOne.makespanMs,
        calls: plan.calls.length,
        cores,
        loadBefore,
      }),
    );
  }
}
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

function concurrencyOf(argumentList) {
  let value = "16";
  argumentList.forEach((argument, index) => {
    if (argument === "-c" || argument === "--concurrency") value = argumentList[index + 1] ?? value;
    else if (argument.startsWith("--concurrency=")) value = argument.slice("--concurrency=".length);
  });
  return value;
}
