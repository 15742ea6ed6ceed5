import type { Admission, Schedulable } from "../scheduler/admission.js";
import type { Lane } from "../scheduler/lane.js";
import type { HeapItem, ReadyHeap } from "../scheduler/ready-heap.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { ResourceClaim } from "../tool/resources.js";
import type { ToolContext } from "../tool/types.js";
import type { Attempt } from "./attempt.js";
import type { CallOwner, CallState } from "./call-state.js";

/**
 * The duplicate of a running attempt, as the scheduler sees it: a call of its own that passes the same admissions as
 * the call it copies (its gates, rank and lane), so that a hedge takes a slot, a rate-limit token, room in a pool or a
 * read lock like any call, and waits like any call when there is none. Released when its attempt ends.
 */
export class HedgeTicket implements Schedulable {
  rank: number;
  readonly sequence: number;
  heapTicket = 0;
  queuedIn: ReadyHeap<HeapItem> | undefined = undefined;
  readonly gates: readonly Admission[];
  readonly lane: Lane | undefined;
  readonly estimate: number;
  /** Whether the scheduler admitted it and its attempt began. */
  isDispatched = false;
  readonly #call: CallState;
  readonly #onDispatch: () => boolean;

  constructor(call: CallState, onDispatch: () => boolean) {
    this.#call = call;
    this.#onDispatch = onDispatch;
    this.rank = call.rank;
    this.sequence = call.sequence;
    this.gates = call.gates;
    this.lane = call.lane;
    this.estimate = call.estimate;
  }

  // Admissions that know the executor's calls read these: the lock table its keys, an adaptive gate its tool and run.
  get id(): string {
    return this.#call.id;
  }
  get tool(): ResolvedTool {
    return this.#call.tool;
  }
  get owner(): CallOwner {
    return this.#call.owner;
  }
  get resources(): readonly ResourceClaim[] | undefined {
    return this.#call.resources;
  }

  dispatch(): boolean {
    this.isDispatched = this.#onDispatch();
    return this.isDispatched;
  }
}

/** What the hedge's code receives: the attempt's ids and progress, and a signal of its own. */
export class HedgeContext implements ToolContext {
  readonly #attempt: Attempt;
  readonly #controller = new AbortController();

  constructor(attempt: Attempt) {
    this.#attempt = attempt;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }
  get callId(): string {
    return this.#attempt.callId;
  }
  get runId(): string {
    return this.#attempt.runId;
  }
  get attempt(): number {
    return this.#attempt.attempt;
  }

  progress(data: unknown): void {
    if (!this.#controller.signal.aborted) this.#attempt.progress(data);
  }

  abort(reason: unknown): void {
    this.#controller.abort(reason);
  }
}
