/**
 * The attempts of one run whose code runs on after the run stopped waiting for it: given up (a timeout, a
 * cancellation) or lost to its hedge. One count, kept here alone: `RunResult.abandoned` reads it when the run ends,
 * and each change moves the executor's total (`executor.abandonedAttempts`) with it, so the two never disagree.
 */
export class AbandonedAttempts {
  #count = 0;
  readonly #onChange: (delta: number) => void;

  /** @param onChange told of every change, by +1 or -1: the executor's total across its runs. */
  constructor(onChange: (delta: number) => void) {
    this.#onChange = onChange;
  }

  /** Attempts of the run abandoned and still running now. */
  get count(): number {
    return this.#count;
  }

  /** The run stopped waiting for an attempt whose code still runs. */
  abandoned(): void {
    this.#count++;
    this.#onChange(1);
  }

  /** The code of an abandoned attempt settled at last. */
  settled(): void {
    this.#count--;
    this.#onChange(-1);
  }
}
