import type { WeftError } from "../errors/weft-error.js";
import type { CallStatus, RunResult, RunStatus } from "../executor/result.js";

interface EventBase {
  runId: string;
  /** Milliseconds since the run started. */
  time: number;
}

interface CallEventBase extends EventBase {
  callId: string;
  tool: string;
}

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

export interface CallStartEvent extends CallEventBase {
  type: "call-start";
  attempt: number;
}

export interface CallProgressEvent extends CallEventBase {
  type: "call-progress";
  attempt: number;
  progress: unknown;
}

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
}

export interface RunEndEvent extends EventBase {
  type: "run-end";
  status: RunStatus;
  result: RunResult;
}

export type WeftEvent =
  | RunStartEvent
  | CallQueuedEvent
  | CallReadyEvent
  | CallStartEvent
  | CallProgressEvent
  | CallRetryEvent
  | CallAbandonEvent
  | CallEndEvent
  | RunEndEvent;

export type WeftEventType = WeftEvent["type"];

export type EventListener = (event: WeftEvent) => void;
