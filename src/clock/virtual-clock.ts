import type { Clock, ClockTimer } from "./clock.js";

interface PendingTimer {
  time: number;
  /** Breaks ties between timers due at the same time: the one set first runs first. */
  order: number;
  delayMs: number;
  callback: () => void;
  isCancelled: boolean;
}

/** Waits for Node to run everything already queued: promise reactions and ticks run before an immediate. */
function idleTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A Clock whose time moves only when told: `advance(ms)`, `next()`, or `settle(promise)`, which moves from timer to
 * timer whenever nothing else is left to run. Timers due at the same time run in the order they were set, and each
 * sees `now()` equal to its own due time. Between two timers, everything the first set off (promise reactions,
 * microtasks) runs before the second, as with real time.
 */
export class VirtualClock implements Clock {
  #now: number;
  #order = 0;
  #timers: PendingTimer[] = [];

  constructor(options: { start?: number } = {}) {
    this.#now = options.start ?? 0;
  }

  now(): number {
    return this.#now;
  }

  schedule(delayMs: number, callback: () => void): ClockTimer {
    const timer: PendingTimer = {
      time: 0,
      order: 0,
      delayMs: Math.max(0, delayMs),
      callback,
      isCancelled: false,
    };
    this.#arm(timer);
    return {
      cancel: () => {
        timer.isCancelled = true;
        this.#timers = this.#timers.filter((pending) => pending !== timer);
      },
      restart: () => {
        if (timer.isCancelled) return;
        this.#timers = this.#timers.filter((pending) => pending !== timer);
        this.#arm(timer);
      },
    };
  }

  /** How many timers are set and not yet run or cancelled. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves the time `milliseconds` forward, running every timer due on the way, in time order. */
  async advance(milliseconds: number): Promise<void> {
    const until = this.#now + milliseconds;
    await idleTurn();
    while (this.#timers.length > 0 && (this.#timers[0]?.time ?? Number.POSITIVE_INFINITY) <= until) {
      await this.#runNext();
    }
    this.#now = until;
  }

  /** Moves the time to the next timer and runs it, with every other timer due then; false when none is set. */
  async next(): Promise<boolean> {
    await idleTurn();
    const first = this.#timers[0];
    if (first === undefined) return false;
    while (this.#timers[0]?.time === first.time) await this.#runNext();
    return true;
  }

  /**
   * Waits for `promise`, moving the time from timer to timer whenever nothing else is left to run. Rejects when the
   * promise is still pending with no timer left after many idle turns (it waits on something this clock never
   * fires), rather than hanging the test.
   */
  async settle<Value>(promise: Promise<Value>): Promise<Value> {
    let isDone = false;
    const done = promise.finally(() => {
      isDone = true;
    });
    for (let idleTurns = 0; !isDone; ) {
      await idleTurn();
      if (isDone) break;
      if (this.#timers.length > 0) {
        idleTurns = 0;
        await this.next();
      } else if (++idleTurns > 1_000) {
        throw new Error("VirtualClock.settle: the promise is still pending and no timer is left to run");
      }
    }
    return done;
  }

  #arm(timer: PendingTimer): void {
    timer.time = this.#now + timer.delayMs;
    timer.order = this.#order++;
    // Kept sorted by (time, order); a test sets few timers, so an insertion beats a heap in clarity.
    const index = this.#timers.findIndex(
      (pending) => pending.time > timer.time || (pending.time === timer.time && pending.order > timer.order),
    );
    if (index === -1) this.#timers.push(timer);
    else this.#timers.splice(index, 0, timer);
  }

  async #runNext(): Promise<void> {
    const timer = this.#timers.shift();
    if (timer === undefined) return;
    this.#now = Math.max(this.#now, timer.time);
    timer.callback();
    await idleTurn();
  }
}
