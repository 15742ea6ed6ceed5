import { PGraph } from "p-graph";
import { Executor } from "../dist/index.js";
import { dependenciesOf } from "./random-dag.js";

/**
 * @typedef {object} Clock
 * @property {number} now milliseconds
 * @property {(milliseconds: number) => Promise<void>} sleep
 */

/** weft's plan for an instance: each call's true duration travels in its args, for the tool to sleep. */
function weftCalls(instance) {
  const { dag, tools, toolOfCall, durationMs } = instance;
  const calls = new Array(dag.size);
  for (let index = 0; index < dag.size; index++) {
    const dependencies = dependenciesOf(dag, index);
    calls[index] = {
      id: `c${index}`,
      tool: tools[toolOfCall[index]].name,
      args: { ms: durationMs[index] },
      after: Array.from(dependencies, (dependency) => `c${dependency}`),
    };
  }
  return calls;
}

/**
 * Runs weft twice on one fresh Executor: the first run ranks calls by each tool's declared `estimateMs`; the second
 * by what the executor's cost model learned from the first (same plan, same durations).
 *
 * @param {import("./schedule-instance.js").ScheduleInstance} instance
 * @param {number} cap
 * @param {Clock} clock
 */
export async function runWeft(instance, cap, clock) {
  const tools = instance.tools.map((tool) => ({
    name: tool.name,
    estimateMs: tool.declaredMs,
    execute: (input) => clock.sleep(input.ms),
  }));
  const executor = new Executor({ tools, concurrency: cap });
  const calls = weftCalls(instance);
  const declaredMs = await makespanOf(clock, () => executor.run(calls).result(), instance.dag.size);
  const learned = instance.tools.map((tool) => executor.costModel.estimate(tool.name));
  const taughtMs = await makespanOf(clock, () => executor.run(calls).result(), instance.dag.size);
  return { declaredMs, taughtMs, learned };
}

/**
 * Runs p-graph 2 with `concurrency: cap`. With `isInformed`, each node's `priority` is its true duration: p-graph adds
 * to a node's priority the largest cumulative priority among its dependents, so the priority it schedules by is the
 * call's bottom level by true durations, the very critical-path rank weft computes from estimates. Without, every
 * node has the default priority 0.
 *
 * @param {import("./schedule-instance.js").ScheduleInstance} instance
 * @param {number} cap
 * @param {Clock} clock
 * @param {{ isInformed: boolean }} options
 */
export async function runPGraph(instance, cap, clock, { isInformed }) {
  const { dag, durationMs } = instance;
  const nodeMap = new Map();
  const edges = [];
  for (let index = 0; index < dag.size; index++) {
    const milliseconds = durationMs[index];
    const node = { run: () => clock.sleep(milliseconds) };
    if (isInformed) node.priority = milliseconds;
    nodeMap.set(`c${index}`, node);
    for (const dependency of dependenciesOf(dag, index)) edges.push([`c${dependency}`, `c${index}`]);
  }
  return makespanOf(clock, () => new PGraph(nodeMap, edges).run({ concurrency: cap }));
}

async function makespanOf(clock, run, expectedCalls) {
  const start = clock.now;
  const result = await run();
  if (result !== undefined && (result.status !== "succeeded" || result.calls.length !== expectedCalls)) {
    throw new Error(`weft run ended ${result.status}`);
  }
  return clock.now - start;
}
