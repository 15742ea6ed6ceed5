/**
 * Runs weft's benchmarks and prints their tables; a full run also rewrites bench/RESULTS.md.
 *
 *   node --expose-gc bench/run.js [overhead] [quality] [realtime] [agents] [locks] [rate-limit] [adaptive]
 *        [threads] [hedging] [mcp] [startup] [--quick] [--write | --no-write] [--sizes=100000,1000000] [--runs=5,3] [--seed=1]
 *        [--seeds=5] [--problems=3] [--time-scale=1]
 *
 * With no part named, all of them run. Needs a build (`npm run build`): it imports ../dist. A run of the agents part at
 * time scale 1 that is not a full run rewrites only the agents section of RESULTS.md; the resource parts (locks,
 * rate-limit, adaptive, threads, hedging), the MCP part and the start-up part each run as their own script (`node bench/<part>.js`), which rewrites its
 * own section unless quick; a quick run writes nothing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { agentsTables, agentsVerdicts, calibrationNote, missedTargetNotes, runAgents } from "./agents.js";
import { agentsSection, findAgentsBlock, withAgentsBlock } from "./agents-section.js";
import { describeMachine, formatMachine } from "./machine.js";
import { overheadTable, runOverhead } from "./overhead.js";
import { realTimeTable, runRealTimeCheck } from "./real-time-check.js";
import { resultsMarkdown, verdictTable } from "./results-file.js";
import { findSection, withSection } from "./results-section.js";
import { qualityTables, runScheduleQuality } from "./schedule-quality.js";
import { describeSourceVersion } from "./source-version.js";

/** Parts that run as scripts of their own and write their own sections of RESULTS.md. */
const scriptParts = ["locks", "rate-limit", "adaptive", "threads", "hedging", "mcp", "startup"].filter(
  (part) => existsSync(new URL(`./${part}.js`, import.meta.url)),
);
const parts = ["overhead", "quality", "realtime", "agents", ...scriptParts];
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: "boolean", default: false },
    write: { type: "boolean" },
    "no-write": { type: "boolean", default: false },
    sizes: { type: "string" },
    runs: { type: "string" },
    seed: { type: "string", default: "1" },
    seeds: { type: "string" },
    problems: { type: "string" },
    "time-scale": { type: "string" },
  },
});
for (const part of positionals) {
  if (!parts.includes(part)) {
    console.error(`Unknown part ${JSON.stringify(part)}; expected any of: ${parts.join(", ")}`);
    process.exit(2);
  }
}
const selected = positionals.length === 0 ? parts : positionals;
const isQuick = flags.quick;
const integers = (text) => text.split(",").map((item) => Number(item.replaceAll("_", "")));

const settings = {
  overhead: {
    sizes: integers(flags.sizes ?? (isQuick ? "10000,100000" : "100000,1000000")),
    runs: integers(flags.runs ?? (isQuick ? "1" : "5,3")),
    seed: Number(flags.seed),
    cores: os.cpus().length,
  },
  quality: {
    sizes: isQuick ? [200, 500] : [200, 500, 1000, 2000],
    shapes: ["wide", "deep"],
    seeds: Array.from({ length: Number(flags.seeds ?? (isQuick ? 2 : 5)) }, (_, index) => index + 1),
    caps: [4, 16, 64],
  },
  realTime: { size: 200, cap: 16, shapes: isQuick ? ["deep"] : ["wide", "deep"], seed: 1 },
  agents: {
    problems: Number(flags.problems ?? (isQuick ? 1 : 3)),
    timeScale: Number(flags["time-scale"] ?? (isQuick ? 0.25 : 1)),
  },
};
if (!(Number.isInteger(settings.agents.problems) && settings.agents.problems >= 1)) {
  console.error(`--problems must be a whole number of at least 1, got ${JSON.stringify(flags.problems)}`);
  process.exit(2);
}
if (!(settings.agents.timeScale > 0 && Number.isFinite(settings.agents.timeScale))) {
  console.error(`--time-scale must be a number above 0, got ${JSON.stringify(flags["time-scale"])}`);
  process.exit(2);
}

const machine = formatMachine(describeMachine());
const date = new Date().toISOString();
const sourceVersion = describeSourceVersion();
const viaNpm = process.env.npm_lifecycle_event === "bench" ? "npm run bench, i.e. " : "";
const command = `${viaNpm}node ${[...process.execArgv, "bench/run.js", ...process.argv.slice(2)].join(" ")}`;
console.log(
  `weft benchmarks, ${date}\nweft: ${sourceVersion}\n${machine}\n${command}${isQuick ? "  (quick smoke run)" : ""}\n`,
);
if (globalThis.gc === undefined) console.log("(run with --expose-gc for steadier figures)\n");

const started = performance.now();
const report = {};

if (selected.includes("overhead")) {
  console.log("## Overhead (each run in its own process)");
  report.overhead = await runOverhead({ ...settings.overhead, log: (line) => console.log(line) });
  console.log(`\n${overheadTable(report.overhead)}\n`);
  console.log(
    `1-minute load average after each run: median ${report.overhead.load.median.toFixed(2)}, max ${report.overhead.load.largest.toFixed(2)} on ${os.cpus().length} cores\n`,
  );
}
if (selected.includes("quality")) {
  console.log("## Schedule quality, makespan ÷ lower bound, in virtual time");
  report.quality = await runScheduleQuality(settings.quality);
  const tables = qualityTables(report.quality);
  console.log(
    `\n${tables.byCap}\n\n${tables.bySize}\n\n${tables.behind}\n\n${tables.worstCases}\n\n${tables.estimates}\n`,
  );
}
if (selected.includes("realtime")) {
  console.log("## Virtual clock against real time");
  report.realTime = await runRealTimeCheck(settings.realTime);
  console.log(`\n${realTimeTable(report.realTime)}\n`);
}

if (selected.includes("agents")) {
  const { problems, timeScale } = settings.agents;
  console.log(
    `## Agents: runAgent against a simulated model, in the shape of LLMCompiler's Table 1 (${problems} problems a workload, time scale ${timeScale})`,
  );
  report.agents = await runAgents({ ...settings.agents, log: (line) => console.log(line) });
  const tables = agentsTables(report.agents);
  console.log(
    `\n${tables.latency}\n\n${tables.dispatch}\n\n${tables.turns}\n\n${calibrationNote}\n\n${tables.calibration}\n`,
  );
}

for (const part of scriptParts) {
  if (!selected.includes(part)) continue;
  console.log(`## ${part} (bench/${part}.js)\n`);
  const script = fileURLToPath(new URL(`./${part}.js`, import.meta.url));
  const outcome = spawnSync(
    process.execPath,
    [...process.execArgv, script, ...(isQuick ? ["--quick"] : [])],
    {
      stdio: "inherit",
    },
  );
  if (outcome.status !== 0) {
    console.error(`bench/${part}.js failed (exit code ${outcome.status ?? outcome.signal})`);
    process.exitCode = 1;
  }
}

const verdicts = [
  ...(report.overhead?.verdicts ?? []),
  ...(report.quality?.verdicts ?? []),
  ...(report.agents === undefined ? [] : agentsVerdicts(report.agents)),
];
if (verdicts.length > 0)
  console.log(
    `## Targets${isQuick ? " (quick run: smaller sizes, indicative only)" : ""}\n\n${verdictTable(verdicts)}\n`,
  );
const agentsLimits = report.agents === undefined ? [] : missedTargetNotes(report.agents);
if (agentsLimits.length > 0)
  console.log(`What limits the missed agents speedups:\n${agentsLimits.join("\n")}\n`);
const elapsedSeconds = (performance.now() - started) / 1000;
const loadAverageAtEnd = os.loadavg()[0];
console.log(
  `Done in ${elapsedSeconds.toFixed(0)} s; load average at the end ${loadAverageAtEnd.toFixed(2)}.`,
);

const outputDirectory = new URL("./out/", import.meta.url);
mkdirSync(outputDirectory, { recursive: true });
const raw = { command, date, sourceVersion, machine, loadAverageAtEnd, settings, elapsedSeconds, ...report };
writeFileSync(
  new URL(`results-${date.replaceAll(":", "-")}.json`, outputDirectory),
  JSON.stringify(raw, null, 2),
);

const resultsFile = new URL("./RESULTS.md", import.meta.url);
const previousResults = existsSync(resultsFile) ? readFileSync(resultsFile, "utf8") : "";
const isFull = !isQuick && parts.every((part) => selected.includes(part));
const shouldWrite = !isQuick && (flags.write ?? (isFull && !flags["no-write"]));
// Agents figures at a shrunk time scale are a smoke run: they never replace real ones.
const hasRealAgents = report.agents !== undefined && settings.agents.timeScale === 1;
if (shouldWrite) {
  // The script parts have just written their sections into the file, and the sections measured apart from a full run
  // (the install size, which needs the registry; the demo, measured by hand under load) stand there: keep them all.
  const current = existsSync(resultsFile) ? readFileSync(resultsFile, "utf8") : previousResults;
  let text = resultsMarkdown(raw, { carriedAgentsBlock: findAgentsBlock(previousResults) });
  for (const part of [...scriptParts, "install-size", "demo"]) {
    const block = findSection(current, part);
    if (block !== undefined) text = withSection(text, part, block);
  }
  writeFileSync(resultsFile, text);
  console.log("Wrote bench/RESULTS.md.");
} else if (hasRealAgents && !isQuick && !flags["no-write"]) {
  writeFileSync(
    resultsFile,
    withAgentsBlock(previousResults, agentsSection({ ...raw, agents: report.agents })),
  );
  console.log("Wrote the agents section of bench/RESULTS.md; the rest of the file is as it was.");
} else {
  console.log(
    "bench/RESULTS.md left as it was (a full run rewrites it, a run of the agents part its agents section, --write forces it; quick runs and shrunk time scales never write).",
  );
}
