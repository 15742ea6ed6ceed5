import type { WeftError } from "../errors/weft-error.js";
import type { LimitChange } from "../scheduler/adaptive-limit.js";
import { EventStream } from "./event-stream.js";
import type { CallStatus, RunResult, RunStatus } from "./run-result.js";
import type { WaitCause, WeftEvent } from "./types.js";

/**
 * What the events read of a call, as the executor keeps it. A structural type, so that the events depend on nothing
 * in the executor; the executor's CallState is one.
 */
export interface EventCall {
  readonly id: string;
  readonly tool: { readonly name: string };
  /** Attempts started so far. */
  readonly attempts: number;
  /** Time spent running, all attempts together. */
  readonly durationMs: number;
  readonly rank: number;
  readonly isCached: boolean;
  readonly isDeduplicated: boolean;
  readonly hedged: "started" | "won" | undefined;
}

/**
 * The events of one run, one method per kind. Each builds its event only when someone listens, so that a run nobody
 * watches allocates nothing for them, and every event of a run has the same base fields.
 */
export class RunEvents extends EventStream {
  readonly #runId: string;
  readonly #now: () => number;

  constructor(runId: string, now: () => number) {
    super();
    this.#runId = runId;
    this.#now = now;
  }

  runStart(calls: number, concurrency: number): void {
    if (this.hasListeners) this.emit({ type: "run-start", ...this.#base(), calls, concurrency });
  }

  callQueued(call: EventCall, dependencies: () => readonly EventCall[]): void {
    if (!this.hasListeners) return;
    this.emit({
      type: "call-queued",
      ...this.#call(call),
      dependencies: dependencies().map((dependency) => dependency.id),
    });
  }

  callReady(call: EventCall): void {
    if (this.hasListeners) this.emit({ type: "call-ready", ...this.#call(call), rank: call.rank });
  }

  callWait(call: EventCall, cause: WaitCause): void {
    if (this.hasListeners) this.emit({ type: "call-wait", ...this.#call(call), cause });
  }

  callStart(call: EventCall, time: number): void {
    if (this.hasListeners)
      this.emit({ type: "call-start", ...this.#call(call, time), attempt: call.attempts });
  }

  callProgress(call: EventCall, attempt: number, progress: unknown): void {
    if (this.hasListeners) this.emit({ type: "call-progress", ...this.#call(call), attempt, progress });
  }

  callRetry(call: EventCall, delayMs: number, error: WeftError): void {
    if (this.hasListeners) {
      this.emit({ type: "call-retry", ...this.#call(call), attempt: call.attempts, delayMs, error });
    }
  }

  callAbandon(call: EventCall, attempt: number): void {
    if (this.hasListeners) this.emit({ type: "call-abandon", ...this.#call(call), attempt });
  }

  callHedge(call: EventCall, attempt: number, afterMs: number): void {
    if (this.hasListeners) this.emit({ type: "call-hedge", ...this.#call(call), attempt, afterMs });
  }

  callEnd(
    call: EventCall,
    status: CallStatus,
    time: number,
    output: unknown,
    error: WeftError | undefined,
  ): void {
    if (!this.hasListeners) return;
    this.emit({
      type: "call-end",
      ...this.#call(call, time),
      status,
      attempts: call.attempts,
      durationMs: call.durationMs,
      ...(status === "succeeded" ? { output } : {}),
      ...(error === undefined ? {} : { error }),
      isCached: call.isCached,
      isDeduplicated: call.isDeduplicated,
      ...(call.hedged === "won" ? { isWonByHedge: true as const } : {}),
    });
  }

  limitChange(call: EventCall, key: string, change: LimitChange): void {
    if (!this.hasListeners) return;
    this.emit({
      type: "limit-change",
      ...this.#base(),
      key,
      limit: change.limit,
      previous: change.previous,
      reason: change.reason,
      latencyMs: change.latencyMs,
      baselineMs: change.baselineMs,
      callId: call.id,
      tool: call.tool.name,
    });
  }

  runEnd(time: number, status: RunStatus, result: RunResult): void {
    if (this.hasListeners) this.emit({ type: "run-end", runId: this.#runId, time, status, result });
  }

  #base(time = this.#now()): Pick<WeftEvent, "runId" | "time"> {
    return { runId: this.#runId, time };
  }

  #call(call: EventCall, time = this.#now()): { runId: string; time: number; callId: string; tool: string } {
    return { runId: this.#runId, time, callId: call.id, tool: call.tool.name };
  }
}
