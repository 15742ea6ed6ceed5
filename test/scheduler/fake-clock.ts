import { performance } from "node:perf_hooks";
import { vi } from "vitest";

/**
 * Puts the scheduler on vitest's fake clock: timers and `Date` are faked, and `performance.now()` (the scheduler's
 * clock, which vitest cannot fake through `node:perf_hooks`) reads the fake `Date`. Time then moves only when a test
 * advances it, so the time a tool records is exactly the time the limiter counted. Returns the function that undoes it.
 */
export function useFakeClock(): () => void {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 0 });
  const clock = vi.spyOn(performance, "now").mockImplementation(() => Date.now());
  return () => {
    clock.mockRestore();
    vi.useRealTimers();
  };
}

/** Waits for a promise, moving the fake clock from timer to timer while it is pending. */
export async function settle<Value>(promise: Promise<Value>): Promise<Value> {
  let isDone = false;
  const done = promise.finally(() => {
    isDone = true;
  });
  for (let idleTurns = 0; !isDone; ) {
    if (vi.getTimerCount() > 0) {
      idleTurns = 0;
      await vi.advanceTimersToNextTimerAsync();
    } else {
      if (++idleTurns > 1000) throw new Error("no timer is left, yet the promise has not settled");
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return done;
}

/** The sleep a tool takes on the fake clock. */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
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
