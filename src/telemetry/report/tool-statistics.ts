import type { Timeline } from "../timeline.js";

/** What one tool did over a run, as the report's table shows it. */
export interface ToolStatistics {
  tool: string;
  /** Calls to the tool, whatever became of them. */
  calls: number;
  /** Attempts that started (retries and hedges included). */
  attempts: number;
  /** The median running time of one attempt, in ms, over the attempts that ended; null when none did. */
  p50Ms: number | null;
  /** The 95th percentile of one attempt's running time, in ms (nearest rank); null when none ended. */
  p95Ms: number | null;
  /** Attempts that failed and were tried again. */
  retries: number;
  /** Calls answered from the cache, without running. */
  cacheHits: number;
  /** Calls that ended `failed` (a timeout included). */
  failures: number;
  /** Every call's time waiting before its attempts, in ms, added up by cause (`dependency`, `concurrency`, …). */
  queueMsByCause: Record<string, number>;
  /** The sum of `queueMsByCause`. */
  queueMs: number;
}

/**
 * Per-tool statistics of a Timeline, sorted by tool name. Run times are per attempt (a retried call counts each of its
 * attempts), measured from `call-start` to the attempt's end; a wait still open counts up to the timeline's `nowMs`.
 * A pure function: the dashboard can call it on every snapshot.
 *
 * @example
 * const rows = toolStatistics(builder.snapshot());
 * console.table(rows.map((row) => ({ tool: row.tool, p95: row.p95Ms })));
 */
export function toolStatistics(timeline: Timeline): ToolStatistics[] {
  const byTool = new Map<string, { row: ToolStatistics; durations: number[] }>();
  for (const call of timeline.calls) {
    let entry = byTool.get(call.tool);
    if (entry === undefined) {
      entry = {
        row: {
          tool: call.tool,
          calls: 0,
          attempts: 0,
          p50Ms: null,
          p95Ms: null,
          retries: 0,
          cacheHits: 0,
          failures: 0,
          queueMsByCause: {},
          queueMs: 0,
        },
        durations: [],
      };
      byTool.set(call.tool, entry);
    }
    const { row, durations } = entry;
    row.calls += 1;
    row.attempts += call.attempts.length;
    row.retries += call.retries;
    if (call.isCached) row.cacheHits += 1;
    if (call.status === "failed") row.failures += 1;
    for (const attempt of call.attempts) {
      if (attempt.endMs !== null) durations.push(Math.max(0, attempt.endMs - attempt.startMs));
    }
    for (const wait of call.waits) {
      const waitedMs = Math.max(0, (wait.endMs ?? timeline.nowMs) - wait.startMs);
      row.queueMsByCause[wait.cause] = (row.queueMsByCause[wait.cause] ?? 0) + waitedMs;
      row.queueMs += waitedMs;
    }
  }
  const rows: ToolStatistics[] = [];
  for (const { row, durations } of byTool.values()) {
    durations.sort((left, right) => left - right);
    row.p50Ms = percentile(durations, 0.5);
    row.p95Ms = percentile(durations, 0.95);
    rows.push(row);
  }
  return rows.sort((left, right) => (left.tool < right.tool ? -1 : left.tool > right.tool ? 1 : 0));
}

/** The nearest-rank percentile of sorted values: the smallest value with at least `fraction` of them at or below it. */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}
