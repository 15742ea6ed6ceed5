import type { ClockTimer } from "../clock/clock.js";
import type { ToolContext } from "../tool/types.js";
import { type CallNumbers, Slot } from "./call-numbers.js";

/**
 * What an attempt reads of its call. A structural type, so that the attempt and the call's state do not import each
 * other; CallState is one.
 */
export interface AttemptCall {
  readonly id: string;
  /** The call's row in its run's numbers. */
  readonly index: number;
  readonly numbers: CallNumbers;
  /** The call's run. */
  readonly owner: { readonly id: string };
  /** Passes a progress report of the attempt on to the call's run. */
  attemptProgressed(attempt: Attempt, data: unknown): void;
}

/**
 * One attempt at running a call: the context its tool receives, and the executor's bookkeeping for it. The signal is
 * created only if the tool reads it, so tools that ignore cancellation cost nothing extra.
 */
export class Attempt implements ToolContext {
  readonly #call: AttemptCall;
  readonly attempt: number;
  /** The tool's promise has settled. */
  isSettled = false;
  /** The executor stopped waiting for it (timeout or cancellation); a late result is ignored. */
  isGivenUp = false;
  timer: ClockTimer | undefined;
  #controller: AbortController | undefined;
  #abortReason: unknown;
  #isAborted = false;

  constructor(call: AttemptCall, attempt: number) {
    this.#call = call;
    this.attempt = attempt;
  }

  get callId(): string {
    return this.#call.id;
  }

  get runId(): string {
    return this.#call.owner.id;
  }

  /** When the attempt started, in ms from the run's start. */
  get startedAt(): number {
    return this.#call.numbers.get(this.#call.index, Slot.AttemptStartedAt);
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#isAborted) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  progress(data: unknown): void {
    if (!this.isGivenUp && !this.isSettled) this.#call.attemptProgressed(this, data);
  }

  abort(reason: unknown): void {
    if (this.#isAborted) return;
    this.#isAborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }
}
