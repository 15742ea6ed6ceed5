/**
 * Counts the starts of one rate-limit key and says when the next may happen. Times are milliseconds on the
 * scheduler's clock, and never go backwards from one call to the next. The scheduler's `RateLimitAdmission` asks it
 * and holds the calls it refuses; `SlidingWindowRateLimiter` is the in-memory implementation.
 */
export interface RateLimiter {
  /** The most starts in any window of `perMs`. */
  readonly requests: number;
  readonly perMs: number;
  /** How many calls may start at `now`: 0 while the window is full or the key is paused. */
  room(now: number): number;
  /**
   * The earliest time, `now` or later, at which one more call may start if `ahead` calls start at `now` first. The
   * admission sets its timer to it.
   */
  availableAt(now: number, ahead: number): number;
  /** Records a start at `now`. Follows a `room(now)` above 0. */
  take(now: number): void;
  /** No call starts before `until` (the service said it was throttled). A shorter pause never cuts a longer one. */
  pause(until: number): void;
  /** The time before which no call starts; `-Infinity` when the key was never paused. */
  readonly pausedUntil: number;
}
