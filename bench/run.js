/**
 * Runs weft's benchmarks and prints their tables; a full run also rewrites bench/RESULTS.md.
 *
 *   node --expose-gc bench/run.js [overhead] [quality] [realtime] [--quick] [--write | --no-write]
 *        [--sizes=100000,1000000] [--runs=5,3] [--seed=1] [--seeds=5]
 *
 * With no part named, all three run. Needs a build (`npm run build`): it imports ../dist.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { describeMachine, formatMachine } from "./machine.js";
import { overheadTable, runOverhead } from "./overhead.js";
import { realTimeTable, runRealTimeCheck } from "./real-time-check.js";
import { resultsMarkdown, verdictTable } from "./results-file.js";
import { qualityTables, runScheduleQuality } from "./schedule-quality.js";
import { describeSourceVersion } from "./source-version.js";

const parts = ["overhead", "quality", "realtime"];
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
};

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

const verdicts = [...(report.overhead?.verdicts ?? []), ...(report.quality?.verdicts ?? [])];
if (verdicts.length > 0)
  console.log(
    `## Targets${isQuick ? " (quick run: smaller sizes, indicative only)" : ""}\n\n${verdictTable(verdicts)}\n`,
  );
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

const isFull = !isQuick && parts.every((part) => selected.includes(part));
const shouldWrite = flags.write ?? (isFull && !flags["no-write"]);
if (shouldWrite) {
  writeFileSync(new URL("./RESULTS.md", import.meta.url), resultsMarkdown(raw));
  console.log("Wrote bench/RESULTS.md.");
} else {
  console.log("bench/RESULTS.md left as it was (only a full run rewrites it; --write forces it).");
}
