import type { WeftEvent } from "../events/types.js";
import type { ToolContext } from "../tool/types.js";

/** What a telemetry may read of its executor while it runs. */
export interface ExecutorGauges {
  /** Calls holding a slot now. */
  readonly running: number;
  /** Calls admitted into runs and not started yet. */
  readonly queued: number;
}

/**
 * Watches every run of an executor: `new Executor({ telemetry })`. It sees each event as it happens, and may run each
 * attempt's code inside a context of its own, so that what the tool does is attributed to its call. `openTelemetry()`
 * (weft's OpenTelemetry spans and metrics) is one.
 */
export interface ExecutorTelemetry {
  /** Called once, when the executor is made. */
  attach?(gauges: ExecutorGauges): void;
  /** Every event of every run of the executor, synchronously, as it happens. */
  onEvent(event: WeftEvent): void;
  /**
   * Runs one attempt's code: calls `execute` once, synchronously, and returns what it returned. The attempt's
   * `call-start` event came just before.
   */
  runAttempt?<Result>(context: ToolContext, execute: () => Result): Result;
}
