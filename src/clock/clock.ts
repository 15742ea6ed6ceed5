/** A wait set on a Clock. */
export interface ClockTimer {
  /** Stops the wait: its callback will not run. Harmless once it ran. */
  cancel(): void;
  /**
   * Starts the wait again from now, for the same delay (an attempt's timeout reset by progress); after the callback
   * ran, sets it once more, as Node's `timeout.refresh()` does. Harmless once cancelled.
   */
  restart(): void;
}

/**
 * Where the scheduler, timeouts, backoff, rate limits, batching windows and hedging read the time and set their waits.
 * The default is the system's clock; tests give a `VirtualClock`, whose time moves only when they move it, so that a
 * rate limit or a timeout is exact whatever the machine's load.
 */
export interface Clock {
  /** Milliseconds from an origin of the clock's own, never going back. */
  now(): number;
  /** Runs `callback` once, `delayMs` from now, unless the timer is cancelled first. */
  schedule(delayMs: number, callback: () => void): ClockTimer;
}

/**
 * The system's clock: `performance.now()` and Node's timers. A timer runs no earlier than asked by `now()`, to the
 * fraction of a millisecond: Node's timers count whole milliseconds from the start of the event loop's turn and often
 * fire a fraction early, so the rest is waited out turn by turn of the event loop (a rate limit whose windows opened
 * early, or a whole millisecond late, would lose rate in every window).
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  schedule(delayMs, callback) {
    let dueAt = 0;
    let isCancelled = false;
    let timeout: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    const stop = (): void => {
      if (timeout !== undefined) clearTimeout(timeout);
      if (immediate !== undefined) clearImmediate(immediate);
      timeout = undefined;
      immediate = undefined;
    };
    // Never from within `schedule` or `restart` themselves, as with Node's timers: a caller keeps its timer first.
    const waitFor = (leftMs: number): void => {
      if (leftMs >= 1) timeout = setTimeout(wait, Math.ceil(leftMs));
      else immediate = setImmediate(wait);
    };
    const wait = (): void => {
      timeout = undefined;
      immediate = undefined;
      const leftMs = dueAt - performance.now();
      if (leftMs > 0) waitFor(leftMs);
      else callback();
    };
    const start = (): void => {
      if (isCancelled) return;
      stop();
      dueAt = performance.now() + delayMs;
      waitFor(delayMs);
    };
    const cancel = (): void => {
      isCancelled = true;
      stop();
    };
    start();
    return { cancel, restart: start };
  },
};
