import type { ToolContext } from "../tool/types.js";

/**
 * One attempt at running a call: the context its tool receives, and the executor's bookkeeping for it. The signal is
 * created only if the tool reads it, so tools that ignore cancellation cost nothing extra.
 */
export class Attempt implements ToolContext {
  readonly callId: string;
  readonly runId: string;
  readonly attempt: number;
  /** When the attempt started, in ms from the run's start. */
  readonly startedAt: number;
  /** The tool's promise has settled. */
  isSettled = false;
  /** The executor stopped waiting for it (timeout or cancellation); a late result is ignored. */
  isGivenUp = false;
  timer: NodeJS.Timeout | undefined;
  #controller: AbortController | undefined;
  #abortReason: unknown;
  #isAborted = false;
  readonly #onProgress: (attempt: Attempt, data: unknown) => void;

  constructor(
    callId: string,
    runId: string,
    attempt: number,
    startedAt: number,
    onProgress: (attempt: Attempt, data: unknown) => void,
  ) {
    this.callId = callId;
    this.runId = runId;
    this.attempt = attempt;
    this.startedAt = startedAt;
    this.#onProgress = onProgress;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#isAborted) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  progress(data: unknown): void {
    if (!this.isGivenUp && !this.isSettled) this.#onProgress(this, data);
  }

  abort(reason: unknown): void {
    if (this.#isAborted) return;
    this.#isAborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }
}
