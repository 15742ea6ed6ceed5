import type { ToolContext } from "../tool/types.js";
import { Slot } from "./call-numbers.js";
import type { CallState } from "./call-state.js";

/**
 * One attempt at running a call: the context its tool receives, and the executor's bookkeeping for it. The signal is
 * created only if the tool reads it, so tools that ignore cancellation cost nothing extra.
 */
export class Attempt implements ToolContext {
  readonly #call: CallState;
  readonly attempt: number;
  /** The tool's promise has settled. */
  isSettled = false;
  /** The executor stopped waiting for it (timeout or cancellation); a late result is ignored. */
  isGivenUp = false;
  timer: NodeJS.Timeout | undefined;
  #controller: AbortController | undefined;
  #abortReason: unknown;
  #isAborted = false;

  constructor(call: CallState, attempt: number) {
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
    if (!this.isGivenUp && !this.isSettled) this.#call.owner.attemptProgressed(this.#call, this, data);
  }

  abort(reason: unknown): void {
    if (this.#isAborted) return;
    this.#isAborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }
}
