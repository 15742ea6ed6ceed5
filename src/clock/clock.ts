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

/** The system's clock: `performance.now()` and Node's timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  schedule(delayMs, callback) {
    const timeout = setTimeout(callback, delayMs);
    return {
      cancel: () => clearTimeout(timeout),
      restart: () => {
        timeout.refresh();
      },
    };
  },
};
