import { spawn } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { markdownTable } from "./markdown-table.js";
import { overheadContenders } from "./overhead-contenders.js";
import { randomDag } from "./random-dag.js";
import { largest, median } from "./statistics.js";

const workerPath = fileURLToPath(new URL("./overhead-worker.js", import.meta.url));
export const contenderNames = Object.keys(overheadContenders);

/** weft's targets for the overhead benchmark. */
export const overheadTargets = {
  microsecondsPerCallAt1M: 3,
  peakRssBytesAt1M: 1e9,
  growthFrom100kTo1M: 1.3,
};

/**
 * Runs every contender on every size, each run in a fresh child process (its peak RSS is its own), cycling through
 * the contenders so that a slow drift of the machine touches each of them alike. Every run of a size gets the same DAG.
 *
 * @param {{ sizes: number[], runs: number[], seed: number, log?: (line: string) => void }} options
 *   `runs[i]` is how many times to run size `sizes[i]`
 */
export async function runOverhead({ sizes, runs, seed, log = () => {} }) {
  const measurements = [];
  for (const [position, size] of sizes.entries()) {
    const runCount = runs[position] ?? runs[runs.length - 1];
    for (let repetition = 1; repetition <= runCount; repetition++) {
      for (const contender of contenderNames) {
        const measurement = await runWorker(contender, size, seed);
        measurement.loadAverage = os.loadavg()[0];
        measurements.push(measurement);
        log(
          `  ${contender.padEnd(11)} ${formatSize(size).padStart(5)} run ${repetition}/${runCount}: ${measurement.microsecondsPerCall.toFixed(2)} µs/call (CPU ${measurement.cpuMicrosecondsPerCall.toFixed(2)}), peak RSS ${formatMegabytes(measurement.peakRssBytes)}`,
        );
      }
    }
  }
  return { ...summarise(measurements, sizes), shapes: sizes.map((size) => dagShape(size, seed)) };
}

/** How many calls of the benchmark's DAG have no dependencies (ready at once) and no dependents (sinks). */
function dagShape(size, seed) {
  const dag = randomDag({ size, seed });
  const hasDependents = new Uint8Array(size);
  for (const dependency of dag.dependencies) hasDependents[dependency] = 1;
  let roots = 0;
  let sinks = 0;
  for (let index = 0; index < size; index++) {
    if (dag.dependencyStart[index] === dag.dependencyStart[index + 1]) roots++;
    if (hasDependents[index] === 0) sinks++;
  }
  return { size, edges: dag.dependencies.length, roots, sinks };
}

function runWorker(contender, size, seed) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", workerPath, contender, String(size), String(seed)],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code !== 0) {
        reject(new Error(`overhead worker ${contender} ${size} exited with ${signal ?? code}`));
        return;
      }
      resolve(JSON.parse(output.trim().split("\n").at(-1)));
    });
  });
}

function summarise(measurements, sizes) {
  const rows = [];
  for (const size of sizes) {
    for (const contender of contenderNames) {
      const runs = measurements.filter((entry) => entry.contender === contender && entry.size === size);
      if (runs.length === 0) continue;
      rows.push({
        contender,
        size,
        runs: runs.length,
        edges: runs[0].edges,
        microsecondsPerCall: median(runs.map((entry) => entry.microsecondsPerCall)),
        microsecondsPerCallAll: runs.map((entry) => entry.microsecondsPerCall),
        cpuMicrosecondsPerCall: median(runs.map((entry) => entry.cpuMicrosecondsPerCall)),
        peakRssBytes: median(runs.map((entry) => entry.peakRssBytes)),
        inputRssBytes: median(runs.map((entry) => entry.inputRssBytes)),
      });
    }
  }
  const loads = measurements.map((entry) => entry.loadAverage);
  return { rows, verdicts: judge(rows), load: { median: median(loads), largest: largest(loads) } };
}

function find(rows, contender, size) {
  return rows.find((row) => row.contender === contender && row.size === size);
}

/** Each target with its measured value and whether it was met; a target needs the 100k and 1M sizes. */
function judge(rows) {
  const weftSmall = find(rows, "weft", 100_000);
  const weftLarge = find(rows, "weft", 1_000_000);
  if (weftLarge === undefined) return [];
  const verdicts = [
    {
      target: `weft ≤ ${overheadTargets.microsecondsPerCallAt1M} µs per call at 1M calls (wall time, median)`,
      measured: `${weftLarge.microsecondsPerCall.toFixed(2)} µs (CPU ${weftLarge.cpuMicrosecondsPerCall.toFixed(2)} µs)`,
      isMet: weftLarge.microsecondsPerCall <= overheadTargets.microsecondsPerCallAt1M,
    },
    {
      target: "weft peak RSS ≤ 1 GB (10^9 bytes) at 1M calls, its input included",
      measured: `${formatMegabytes(weftLarge.peakRssBytes)} (${formatMegabytes(weftLarge.peakRssBytes - weftLarge.inputRssBytes)} above the RSS holding the input)`,
      isMet: weftLarge.peakRssBytes <= overheadTargets.peakRssBytesAt1M,
    },
  ];
  if (weftSmall !== undefined) {
    const wallGrowth = weftLarge.microsecondsPerCall / weftSmall.microsecondsPerCall;
    const cpuGrowth = weftLarge.cpuMicrosecondsPerCall / weftSmall.cpuMicrosecondsPerCall;
    verdicts.push({
      target: `weft µs per call at 1M within ${overheadTargets.growthFrom100kTo1M}× of that at 100k (wall and CPU time both, so that load on the machine during the 100k runs cannot hide growth)`,
      measured: `wall ${wallGrowth.toFixed(2)}× (${weftSmall.microsecondsPerCall.toFixed(2)} → ${weftLarge.microsecondsPerCall.toFixed(2)} µs); CPU ${cpuGrowth.toFixed(2)}× (${weftSmall.cpuMicrosecondsPerCall.toFixed(2)} → ${weftLarge.cpuMicrosecondsPerCall.toFixed(2)} µs)`,
      isMet:
        wallGrowth <= overheadTargets.growthFrom100kTo1M && cpuGrowth <= overheadTargets.growthFrom100kTo1M,
    });
  }
  return verdicts;
}

export function overheadTable({ rows }) {
  const sizes = [...new Set(rows.map((row) => row.size))];
  const tableRows = rows.map((row) => {
    const weft = find(rows, "weft", row.size);
    const versusWeft =
      weft === undefined || row.contender === "weft"
        ? "1.00×"
        : `${(row.microsecondsPerCall / weft.microsecondsPerCall).toFixed(2)}×`;
    return [
      formatSize(row.size),
      row.contender,
      row.runs,
      row.microsecondsPerCall.toFixed(2),
      row.microsecondsPerCallAll.map((value) => value.toFixed(1)).join(" "),
      versusWeft,
      row.cpuMicrosecondsPerCall.toFixed(2),
      formatMegabytes(row.peakRssBytes),
      formatMegabytes(row.inputRssBytes),
    ];
  });
  const table = markdownTable(
    [
      "calls",
      "contender",
      "runs",
      "µs/call (median)",
      "µs/call (each run)",
      "time ÷ weft's",
      "CPU µs/call (median)",
      "peak RSS (median)",
      "RSS holding the input",
    ],
    tableRows,
    { alignRight: [0, 2, 3, 5, 6, 7, 8] },
  );
  const ratioLines = sizes.flatMap((size) => {
    const weft = find(rows, "weft", size);
    const pGraph = find(rows, "p-graph", size);
    const floor = find(rows, "promise-all", size);
    if (weft === undefined) return [];
    const parts = [];
    if (pGraph !== undefined) {
      parts.push(
        `weft takes ${(weft.microsecondsPerCall / pGraph.microsecondsPerCall).toFixed(2)}× p-graph's time and ${(weft.peakRssBytes / pGraph.peakRssBytes).toFixed(2)}× its peak RSS`,
      );
    }
    if (floor !== undefined) {
      parts.push(
        `${(weft.microsecondsPerCall / floor.microsecondsPerCall).toFixed(2)}× the Promise.all floor's time and ${(weft.peakRssBytes / floor.peakRssBytes).toFixed(2)}× its peak RSS`,
      );
    }
    return parts.length === 0 ? [] : [`- ${formatSize(size)} calls: ${parts.join("; ")}.`];
  });
  return `${table}\n\n${ratioLines.join("\n")}`;
}

export function formatSize(size) {
  if (size >= 1_000_000 && size % 1_000_000 === 0) return `${size / 1_000_000}M`;
  if (size >= 1000 && size % 1000 === 0) return `${size / 1000}k`;
  return String(size);
}

export function formatMegabytes(bytes) {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}
