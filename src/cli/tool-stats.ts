import type { CallResult } from "../events/run-result.js";

/** How one tool's calls went in a run. */
export interface ToolStats {
  tool: string;
  /** Calls of the tool in the plan. */
  calls: number;
  /** Calls that ran at least one attempt; the durations below are theirs. */
  ran: number;
  failed: number;
  /** The median running time, by nearest rank. */
  p50Ms: number | undefined;
  maxMs: number | undefined;
}

/** Per-tool counts and durations, busiest tool (by total running time) first. */
export function toolStats(calls: readonly CallResult[]): ToolStats[] {
  const byTool = new Map<string, { calls: number; failed: number; durations: number[] }>();
  for (const call of calls) {
    let entry = byTool.get(call.tool);
    if (entry === undefined) {
      entry = { calls: 0, failed: 0, durations: [] };
      byTool.set(call.tool, entry);
    }
    entry.calls++;
    if (call.status === "failed") entry.failed++;
    if (call.attempts > 0) entry.durations.push(call.durationMs);
  }
  const stats = [...byTool].map(([tool, entry]) => {
    const durations = entry.durations.sort((a, b) => a - b);
    return {
      tool,
      calls: entry.calls,
      ran: durations.length,
      failed: entry.failed,
      p50Ms: durations[Math.ceil(durations.length / 2) - 1],
      maxMs: durations[durations.length - 1],
      totalMs: durations.reduce((sum, duration) => sum + duration, 0),
    };
  });
  stats.sort((a, b) => b.totalMs - a.totalMs || a.tool.localeCompare(b.tool));
  return stats.map(({ totalMs: _totalMs, ...rest }) => rest);
}
