import type { WeftError } from "../errors/weft-error.js";
import type { LimitChangeReason } from "../scheduler/adaptive-limit.js";
import type { CallStatus, RunResult, RunStatus } from "./run-result.js";

interface EventBase {
  runId: string;
  /** Milliseconds since the run started. */
  time: number;
}

interface CallEventBase extends EventBase {
  callId: string;
  tool: string;
}

/** The run started. */
export interface RunStartEvent extends EventBase {
  type: "run-start";
  /** Calls in the run when it started; an open run may grow. */
  calls: number;
  concurrency: number;
}

/** A call joined the run. It waits for its dependencies, if any, then for a slot. */
export interface CallQueuedEvent extends CallEventBase {
  type: "call-queued";
  dependencies: string[];
}

/** Every dependency of the call succeeded; it now waits only for a slot. */
export interface CallReadyEvent extends CallEventBase {
  type: "call-ready";
  /** Its priority: its own estimate plus the longest chain of estimates through its dependents. */
  rank: number;
}

/**
 * What a call that has not started waits on. Between `call-queued` and `call-ready` a call waits on `dependency`; from
 * `call-ready` on `concurrency` (a slot, under the executor's or its run's limit); from `call-retry` on `backoff`, until
 * the `call-ready` that follows. A `call-wait` event says when that changes otherwise: an admission holds the call
 * (`tool-limit`: its tool's concurrency limit; `pool:<name>`: room in a pool, `pool:threads` for the worker threads;
 * `lock:<key>`: a resource key; `rate:<key>`: a rate limit), it is back among the ready calls (`concurrency`), or it
 * holds a slot and waits for its batch to be sent (`batch`). `call-start` ends the wait.
 */
export type WaitCause =
  | "dependency"
  | "concurrency"
  | "tool-limit"
  | "backoff"
  | "batch"
  | `pool:${string}`
  | `lock:${string}`
  | `rate:${string}`;

/** What a call waits on changed (see WaitCause). Sent only when it changes. */
export interface CallWaitEvent extends CallEventBase {
  type: "call-wait";
  cause: WaitCause;
}

/** An attempt of a call started. */
export interface CallStartEvent extends CallEventBase {
  type: "call-start";
  attempt: number;
}

/** A running call reported progress with `ctx.progress(data)`. */
export interface CallProgressEvent extends CallEventBase {
  type: "call-progress";
  attempt: number;
  progress: unknown;
}

/** An attempt failed and the call will run again after a backoff. */
export interface CallRetryEvent extends CallEventBase {
  type: "call-retry";
  /** The attempt that failed. */
  attempt: number;
  delayMs: number;
  error: WeftError;
}

/**
 * An attempt was given up (timed out or cancelled) while the tool's code was still running. Its slot is free again;
 * the work is counted until it settles.
 */
export interface CallAbandonEvent extends CallEventBase {
  type: "call-abandon";
  attempt: number;
}

/**
 * A duplicate of a running attempt started (its tool is hedged, and the attempt ran past the tool's hedge delay). The
 * first of the two to succeed gives the call its output; the other is aborted.
 */
export interface CallHedgeEvent extends CallEventBase {
  type: "call-hedge";
  /** The attempt duplicated. */
  attempt: number;
  /** How long that attempt had been running when its duplicate started, in ms. */
  afterMs: number;
}

/** A call ended: its status, attempts, output or error. */
export interface CallEndEvent extends CallEventBase {
  type: "call-end";
  status: CallStatus;
  attempts: number;
  /** Time spent running, all attempts together. */
  durationMs: number;
  output?: unknown;
  error?: WeftError;
  /** Served from the result cache. */
  isCached: boolean;
  /** Shared the result of an identical call that was already running. */
  isDeduplicated: boolean;
  /** Set when the output came from a hedge duplicate, which succeeded before the attempt it copied. */
  isWonByHedge?: true;
}

/**
 * An adaptive concurrency limit moved (a tool with `concurrency: "adaptive"`). Sent to the run of the call whose
 * outcome moved it; `executor.limits()` shows every limit at any time.
 */
export interface LimitChangeEvent extends EventBase {
  type: "limit-change";
  /** The limit's key: the tool's name, or the key that several tools share. */
  key: string;
  /** The most calls that may run at once from now on. */
  limit: number;
  previous: number;
  /** `latency-flat`: raised, latency held; `latency-inflated`: cut, latency rose; `overload`: cut, the tool said so. */
  reason: LimitChangeReason;
  /** The median latency of the window of calls that decided, in ms; for an overload, that call's latency. */
  latencyMs: number;
  /** The latency it was compared with, in ms: the lowest median of the recent windows, allowing for their noise. */
  baselineMs: number;
  /** The call whose outcome moved the limit, and its tool. */
  callId: string;
  tool: string;
}

/** The run ended: every call has ended. */
export interface RunEndEvent extends EventBase {
  type: "run-end";
  status: RunStatus;
  result: RunResult;
}

/** Every event of a run, told apart by `type`. */
export type WeftEvent =
  | RunStartEvent
  | CallQueuedEvent
  | CallReadyEvent
  | CallWaitEvent
  | CallStartEvent
  | CallProgressEvent
  | CallRetryEvent
  | CallAbandonEvent
  | CallHedgeEvent
  | CallEndEvent
  | LimitChangeEvent
  | RunEndEvent;

/** The `type` of a `WeftEvent`. */
export type WeftEventType = WeftEvent["type"];

/** A function called with each event of a run. */
export type EventListener = (event: WeftEvent) => void;
