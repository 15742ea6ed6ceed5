import type { RateLimiter } from "./rate-limiter.js";

const initialCapacity = 64;

/**
 * An exact sliding-window log: the times of the last `requests` starts, in a ring buffer. A call may start at `now`
 * only when fewer than `requests` starts lie in the window (now − perMs, now], so no window of length `perMs`,
 * wherever it is placed, ever holds more than `requests` starts. A token bucket (or GCRA) of the same rate would let a
 * full bucket's burst follow a window's worth of calls, up to twice the rate in one window; the log costs one number
 * per start in the window instead, and the ring grows only as far as the starts actually seen.
 */
export class SlidingWindowRateLimiter implements RateLimiter {
  readonly requests: number;
  readonly perMs: number;
  #starts: Float64Array;
  /** Index of the oldest start still in the window. */
  #head = 0;
  #count = 0;
  #pausedUntil = Number.NEGATIVE_INFINITY;

  /**
   * @param requests the most starts in any window, a positive integer
   * @param perMs the window's length in milliseconds, positive and finite
   */
  constructor(requests: number, perMs: number) {
    if (!Number.isInteger(requests) || requests < 1) {
      throw new RangeError(`Expected \`requests\` to be a positive integer, got ${requests}`);
    }
    if (!(Number.isFinite(perMs) && perMs > 0)) {
      throw new RangeError(`Expected \`perMs\` to be a positive, finite number, got ${perMs}`);
    }
    this.requests = requests;
    this.perMs = perMs;
    this.#starts = new Float64Array(Math.min(requests, initialCapacity));
  }

  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  room(now: number): number {
    if (now < this.#pausedUntil) return 0;
    this.#expire(now);
    return this.requests - this.#count;
  }

  availableAt(now: number, ahead: number): number {
    this.#expire(now);
    // The start that has to leave the window first, counting the `ahead` starts at `now` after the recorded ones.
    const leaving = this.#count + ahead - this.requests;
    let at = now;
    if (leaving >= 0) {
      at =
        leaving < this.#count
          ? (this.#starts[(this.#head + leaving) % this.#starts.length] as number) + this.perMs
          : now + this.perMs;
    }
    return Math.max(at, this.#pausedUntil);
  }

  take(now: number): void {
    this.#expire(now);
    if (this.#count === this.#starts.length) this.#grow();
    this.#starts[(this.#head + this.#count) % this.#starts.length] = now;
    this.#count++;
  }

  pause(until: number): void {
    if (until > this.#pausedUntil) this.#pausedUntil = until;
  }

  /** Forgets the starts that have left the window: those at least `perMs` before `now`. */
  #expire(now: number): void {
    const starts = this.#starts;
    while (this.#count > 0 && now - (starts[this.#head] as number) >= this.perMs) {
      this.#head = (this.#head + 1) % starts.length;
      this.#count--;
    }
  }

  #grow(): void {
    if (this.#starts.length >= this.requests) {
      throw new Error(
        `A call started while ${this.requests} starts were in the window: a bug in the scheduler`,
      );
    }
    const grown = new Float64Array(Math.min(this.requests, this.#starts.length * 2));
    for (let index = 0; index < this.#count; index++) {
      grown[index] = this.#starts[(this.#head + index) % this.#starts.length] as number;
    }
    this.#starts = grown;
    this.#head = 0;
  }
}
