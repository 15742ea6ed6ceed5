import type { WeftError } from "../errors/weft-error.js";

/** How a call ended. */
export type CallStatus = "succeeded" | "failed" | "skipped" | "cancelled";
/** How a run ended: `succeeded` when every call did. */
export type RunStatus = "succeeded" | "failed" | "cancelled";

/** How one call ended. Times are milliseconds from the run's start; null for a time the call never reached. */
export interface CallResult {
  readonly id: string;
  readonly tool: string;
  readonly status: CallStatus;
  /** Attempts started (0 for a call that was skipped, served from cache, or shared another call's result). */
  readonly attempts: number;
  /** When every dependency had succeeded and the call began to wait for a slot. */
  readonly queuedMs: number | null;
  /** When the first attempt started. */
  readonly startMs: number | null;
  readonly endMs: number | null;
  /** Time spent running, all attempts together. */
  readonly durationMs: number;
  readonly output?: unknown;
  readonly error?: WeftError;
  readonly isCached: boolean;
  readonly isDeduplicated: boolean;
  /** A duplicate of one of its attempts started, its tool being hedged (see HedgePolicy). */
  readonly isHedged: boolean;
  /** The output came from that duplicate, which succeeded before the attempt it copied. */
  readonly isWonByHedge: boolean;
}

/** The outcome of a run. */
export interface RunResult {
  runId: string;
  status: RunStatus;
  /** From the run's start to the end of its last call. */
  makespanMs: number;
  /** The sum of every call's running time: what running the calls one by one would have cost. */
  sequentialMs: number;
  /** The longest chain of dependent calls, by their running times: no schedule can beat it. */
  criticalPathMs: number;
  /** The ids along the critical path, in order. */
  criticalPath: string[];
  /** sequentialMs ÷ makespanMs. */
  speedup: number;
  /**
   * Attempts whose code was still running when the run ended, though the run no longer waited for it: given up
   * (timeout, cancellation), or lost to their hedge (see HedgePolicy).
   */
  abandoned: number;
  calls: CallResult[];
}
