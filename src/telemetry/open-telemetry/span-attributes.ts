/**
 * The names of the attributes on weft's spans and metrics. The `gen_ai.*` and `error.type` names are OpenTelemetry's
 * semantic conventions (GenAI, tool execution); the `weft.*` names are weft's own.
 */
export const Attribute = {
  /** GenAI convention: the operation, always `execute_tool` on a call's span. */
  operationName: "gen_ai.operation.name",
  toolName: "gen_ai.tool.name",
  /** GenAI convention: the id of the tool call; weft's call id. */
  toolCallId: "gen_ai.tool.call.id",
  errorType: "error.type",
  runId: "weft.run.id",
  runCalls: "weft.run.calls",
  runConcurrency: "weft.run.concurrency",
  runStatus: "weft.run.status",
  runMakespanMs: "weft.run.makespan_ms",
  runSequentialMs: "weft.run.sequential_ms",
  runCriticalPathMs: "weft.run.critical_path_ms",
  runSpeedup: "weft.run.speedup",
  callAttempt: "weft.call.attempt",
  /** Time the attempt waited for admission: from the moment it was ready to run until it started. */
  callQueueMs: "weft.call.queue_ms",
  /** What the attempt waited on longest while queued (a WaitCause). */
  callQueueCause: "weft.call.queue_cause",
  callCacheHit: "weft.call.cache_hit",
  callDeduplicated: "weft.call.deduplicated",
  /** The call was hedged: true on both the attempt that was duplicated and its duplicate. */
  callHedge: "weft.call.hedge",
  /** This span is the duplicate of a hedged attempt. */
  callHedgeDuplicate: "weft.call.hedge.duplicate",
  /** The call's final status (CallStatus), on the span of the attempt that ended the call. */
  callStatus: "weft.call.status",
  /** How this attempt ended: succeeded, failed, retried, abandoned or cancelled. */
  callOutcome: "weft.call.outcome",
} as const;

/** The GenAI semantic conventions' operation name for running a tool. */
export const executeToolOperation = "execute_tool";

/** The name of a call's span, as the GenAI semantic conventions write it. */
export function executeToolSpanName(tool: string): string {
  return `${executeToolOperation} ${tool}`;
}

/** The name of a run's span. */
export const runSpanName = "weft run";
