/**
 * Runs one contender on one random DAG in a process of its own, so that its peak RSS is its own, and prints one line
 * of JSON. Usage: node --expose-gc bench/overhead-worker.js <contender> <size> [seed]
 */
import { performance } from "node:perf_hooks";
import { overheadContenders } from "./overhead-contenders.js";
import { randomDag } from "./random-dag.js";

const [contenderName, sizeText, seedText = "1"] = process.argv.slice(2);
const contender = overheadContenders[contenderName];
if (contender === undefined) {
  console.error(
    `Unknown contender ${JSON.stringify(contenderName)}; expected one of ${Object.keys(overheadContenders).join(", ")}`,
  );
  process.exit(2);
}
const size = Number(sizeText);
if (!Number.isInteger(size) || size < 1) {
  console.error(`Expected a positive integer size, got ${JSON.stringify(sizeText)}`);
  process.exit(2);
}
const collectGarbage = globalThis.gc ?? (() => {});

const dag = randomDag({ size, seed: Number(seedText) });
const input = contender.prepare(dag);
collectGarbage();
const inputRssBytes = process.memoryUsage().rss;
const cpuBefore = process.cpuUsage();
const start = performance.now();
await contender.run(input);
const elapsedMs = performance.now() - start;
const cpu = process.cpuUsage(cpuBefore);
const peakRssBytes = process.resourceUsage().maxRSS * 1024;

console.log(
  JSON.stringify({
    contender: contenderName,
    size,
    edges: dag.dependencies.length,
    elapsedMs,
    microsecondsPerCall: (elapsedMs * 1000) / size,
    // CPU time of every thread of the process (V8's garbage collector helpers included): unlike wall time, it does
    // not grow while other processes hold the cores.
    cpuMicrosecondsPerCall: (cpu.user + cpu.system) / size,
    inputRssBytes,
    peakRssBytes,
  }),
);
