import { checkWholeNumber } from "../errors/check-option.js";

/**
 * The last `capacity` durations of one tool, in a ring buffer, to read a percentile from. A moving average says what
 * a call usually takes; hedging needs to know when a call has run unusually long, which only the tail of recent
 * durations tells.
 */
export class LatencySample {
  readonly #durations: Float64Array;
  #next = 0;
  #count = 0;
  /** A sorted copy, kept until the next observation: a quantile is read at every attempt's start. */
  #sorted: Float64Array | undefined;

  /** @param capacity how many recent durations are kept. @default 100 */
  constructor(capacity = 100) {
    checkWholeNumber("new LatencySample", "capacity", capacity);
    this.#durations = new Float64Array(capacity);
  }

  /** Durations observed, up to the capacity. */
  get size(): number {
    return this.#count;
  }

  observe(durationMs: number): void {
    if (!(durationMs >= 0) || durationMs === Number.POSITIVE_INFINITY) return;
    this.#durations[this.#next] = durationMs;
    this.#next = (this.#next + 1) % this.#durations.length;
    if (this.#count < this.#durations.length) this.#count++;
    this.#sorted = undefined;
  }

  /**
   * The `q`-quantile (0…1) of the kept durations, by the nearest-rank method, or undefined when there are none.
   * @example sample.quantile(0.95)
   */
  quantile(q: number): number | undefined {
    if (this.#count === 0) return undefined;
    this.#sorted ??= this.#durations.slice(0, this.#count).sort();
    const rank = Math.min(this.#count, Math.max(1, Math.ceil(q * this.#count)));
    return this.#sorted[rank - 1];
  }
}
