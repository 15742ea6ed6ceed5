import { dependenciesOf, randomDag } from "./random-dag.js";
import { SeededRandom } from "./seeded-random.js";

const shortestMs = 5;
const longestMs = 200;

/**
 * @typedef {object} ToolKind
 * @property {string} name
 * @property {number} medianMs the median of this tool's true durations
 * @property {number} declaredMs the `estimateMs` the tool declares: its median times a seeded factor in [0.5, 2]
 */

/**
 * @typedef {object} ScheduleInstance
 * @property {string} shape
 * @property {number} seed
 * @property {import("./random-dag.js").RandomDag} dag
 * @property {ToolKind[]} tools
 * @property {Uint8Array} toolOfCall which tool each call uses
 * @property {Float64Array} durationMs each call's true duration, whole milliseconds in [5, 200]
 * @property {number} criticalPathMs the longest path through the DAG by true durations
 * @property {number} totalWorkMs the sum of all true durations
 */

/**
 * A DAG of calls of several tool kinds with lognormal durations, for the schedule-quality benchmark.
 *
 * Each of `toolCount` tools has its own median duration, log-uniform in [5, 200] ms; each call picks a tool at random
 * and lasts that median times exp(0.5 · N(0, 1)) (lognormal jitter), rounded to whole milliseconds (so that a real
 * `setTimeout` can reproduce it) and clipped to [5, 200] ms. Shapes: `wide` draws each call's 0–3 dependencies
 * among all earlier calls; `deep` among the 16 calls just before it, which gives long chains where the order of
 * starts matters most.
 *
 * @param {{ size: number, seed: number, shape: "wide" | "deep", toolCount?: number }} options
 * @returns {ScheduleInstance}
 */
export function scheduleInstance({ size, seed, shape, toolCount = 12 }) {
  const window = shape === "deep" ? 16 : Number.POSITIVE_INFINITY;
  const dag = randomDag({ size, seed, window });
  const random = new SeededRandom(seed ^ 0x5bd1e995);
  const tools = [];
  for (let index = 0; index < toolCount; index++) {
    const medianMs = random.logUniform(shortestMs, longestMs);
    tools.push({ name: `tool${index}`, medianMs, declaredMs: medianMs * random.logUniform(0.5, 2) });
  }
  const toolOfCall = new Uint8Array(size);
  const durationMs = new Float64Array(size);
  for (let index = 0; index < size; index++) {
    const tool = random.integer(toolCount);
    toolOfCall[index] = tool;
    const jittered = Math.round(tools[tool].medianMs * Math.exp(0.5 * random.normal()));
    durationMs[index] = Math.min(longestMs, Math.max(shortestMs, jittered));
  }
  const levels = bottomLevels(dag, durationMs);
  let criticalPathMs = 0;
  let totalWorkMs = 0;
  for (let index = 0; index < size; index++) {
    if (levels[index] > criticalPathMs) criticalPathMs = levels[index];
    totalWorkMs += durationMs[index];
  }
  return { shape, seed, dag, tools, toolOfCall, durationMs, criticalPathMs, totalWorkMs };
}

/**
 * Each call's bottom level: its own duration plus the longest path of durations through the calls that depend on it.
 * This is the critical-path rank weft computes from its estimates, here from the true durations.
 */
export function bottomLevels(dag, durationMs) {
  const longestAfter = new Float64Array(dag.size);
  const levels = new Float64Array(dag.size);
  // Dependencies always point to earlier calls, so walking backwards visits every dependent before its dependencies.
  for (let index = dag.size - 1; index >= 0; index--) {
    levels[index] = durationMs[index] + longestAfter[index];
    for (const dependency of dependenciesOf(dag, index)) {
      if (levels[index] > longestAfter[dependency]) longestAfter[dependency] = levels[index];
    }
  }
  return levels;
}

/** No schedule on `cap` slots can finish sooner than this: max(critical path, total work ÷ cap). */
export function lowerBoundMs(instance, cap) {
  return Math.max(instance.criticalPathMs, instance.totalWorkMs / cap);
}
