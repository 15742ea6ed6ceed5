#!/usr/bin/env node
// `npm run demo`: audits this repository with weft, with no network and no keys. The plan (plan.json) lists the
// files, reads the manifests and asks git for its history, all at once; custom tools (tools.js) count lines per
// language and summarise; a report call waits for all of them and fs.write saves .weft/audit-report.md.
// The run goes through the CLI, so the live progress shows on a terminal; the speedup comes from the run's trace.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const tracePath = ".weft/audit-trace.json";
const reportPath = ".weft/audit-report.md";

const arguments_ = [
  "bin/weft.js",
  "run",
  "examples/audit/plan.json",
  "--tools",
  "examples/audit/tools.js",
  "--trace",
  tracePath,
  ...process.argv.slice(2),
];
console.log(`$ weft ${arguments_.slice(1).join(" ")}\n`);
const child = spawn(process.execPath, arguments_, { cwd: repositoryRoot, stdio: "inherit" });
// Ctrl-C reaches the child too (same process group): let it cancel and report, then exit with its code.
process.on("SIGINT", () => {});
const exitCode = await new Promise((resolve) => {
  child.on("exit", (code, signal) => resolve(code ?? (signal === "SIGINT" ? 130 : 1)));
});
if (exitCode === 2 || exitCode === 130) process.exit(exitCode);

let trace;
try {
  trace = JSON.parse(await readFile(new URL(`../../${tracePath}`, import.meta.url), "utf8"));
} catch (error) {
  console.error(`\nThe run wrote no trace to ${tracePath} (${error.message}); see the output above.`);
  process.exit(exitCode === 0 ? 1 : exitCode);
}
const runSpan = trace.traceEvents.find((event) => event.ph === "X" && event.cat === "run");
const { makespanMs, sequentialMs } = runSpan.args;
const calls = trace.traceEvents.filter((event) => event.ph === "X" && event.cat !== "run").length;
const speedup = makespanMs > 0 ? sequentialMs / makespanMs : 1;

console.log(`\nReport: ${reportPath}`);
console.log(`Trace:  ${tracePath} (open it in https://ui.perfetto.dev)`);
console.log(
  `\nRunning these ${calls} calls one by one would take ${sequentialMs.toFixed(1)}ms; weft took ${makespanMs.toFixed(1)}ms: a speedup of ${speedup.toFixed(2)}×.`,
);
process.exit(exitCode);
