import { VirtualClock } from "../../src/clock/virtual-clock.js";

/**
 * The clock of the current test: a VirtualClock, given to each executor (`new Executor({ clock })`) and used by the
 * tools' sleeps, so that time moves only when the test moves it and the time a tool records is exactly the time the
 * limiter counted. `useVirtualClock()` (in a beforeEach) makes a fresh one.
 */
export let clock = new VirtualClock();

export function useVirtualClock(): VirtualClock {
  clock = new VirtualClock();
  return clock;
}

/** Waits for a promise, moving the clock from timer to timer while it is pending. */
export function settle<Value>(promise: Promise<Value>): Promise<Value> {
  return clock.settle(promise);
}

/** The sleep a tool takes on the clock. */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => clock.schedule(milliseconds, resolve));
}

/**
 * The largest number of starts in any window of length `perMs`, from start times in any order: a window [t, t + perMs)
 * is worst placed at a start, so counting from each start is enough.
 */
export function maxInAnyWindow(starts: readonly number[], perMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= perMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
