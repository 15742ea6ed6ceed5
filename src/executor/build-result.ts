import type { CallResult, CallStatus, RunResult, RunStatus } from "../events/run-result.js";
import type { CallState } from "./call-state.js";
import { roundMs } from "./round-ms.js";

/** Assembles a run's outcome: every call in plan order, the headline times and the critical path. */
export function buildResult(
  runId: string,
  status: RunStatus,
  calls: readonly CallState[],
  orders: readonly (readonly CallState[])[],
  endTime: number,
  abandoned: number,
): RunResult {
  let sequentialMs = 0;
  let makespanMs = 0;
  const results: CallResult[] = new Array(calls.length);
  for (let index = 0; index < calls.length; index++) {
    const node = calls[index] as CallState;
    sequentialMs += node.durationMs;
    if (node.endedAt > makespanMs) makespanMs = node.endedAt;
    // One literal with every field, output and error included, so that all results share one shape. Plain data, so
    // that spreading or cloning a result keeps every field.
    results[index] = {
      id: node.id,
      tool: node.tool.name,
      status: node.phase as CallStatus,
      attempts: node.attempts,
      queuedMs: node.queuedAt < 0 ? null : roundMs(node.queuedAt),
      startMs: node.startedAt < 0 ? null : roundMs(node.startedAt),
      endMs: node.endedAt < 0 ? null : roundMs(node.endedAt),
      durationMs: roundMs(node.durationMs),
      isCached: node.isCached,
      isDeduplicated: node.isDeduplicated,
      isHedged: node.hedged !== undefined,
      isWonByHedge: node.hedged === "won",
      output: node.phase === "succeeded" ? node.output : undefined,
      error: node.error,
    };
  }
  if (calls.length === 0) makespanMs = endTime;
  const { lengthMs, path } = criticalPath(calls, orders);
  return {
    runId,
    status,
    makespanMs: roundMs(makespanMs),
    sequentialMs: roundMs(sequentialMs),
    criticalPathMs: roundMs(lengthMs),
    criticalPath: path,
    speedup: makespanMs > 0 ? Math.round((sequentialMs / makespanMs) * 100) / 100 : 1,
    abandoned,
    calls: results,
  };
}

/** The longest chain of dependent calls weighted by running time, found in one pass over a topological order. */
function criticalPath(
  calls: readonly CallState[],
  orders: readonly (readonly CallState[])[],
): { lengthMs: number; path: string[] } {
  const longest = new Float64Array(calls.length);
  const previous = new Int32Array(calls.length).fill(-1);
  let end = -1;
  for (const order of orders) {
    for (const node of order) {
      let before = 0;
      const { firstIndex, dependencyOffsets, dependencyTargets } = node.graph;
      const position = node.index - firstIndex;
      for (
        let edge = dependencyOffsets[position] as number;
        edge < (dependencyOffsets[position + 1] as number);
        edge++
      ) {
        const dependency = dependencyTargets[edge] as number;
        const length = longest[dependency] as number;
        if (length >= before) {
          before = length;
          previous[node.index] = dependency;
        }
      }
      longest[node.index] = before + node.durationMs;
      if (end === -1 || (longest[node.index] as number) > (longest[end] as number)) end = node.index;
    }
  }
  const path: string[] = [];
  for (let index = end; index !== -1; index = previous[index] as number)
    path.push((calls[index] as CallState).id);
  return { lengthMs: end === -1 ? 0 : (longest[end] as number), path: path.reverse() };
}
