import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock/clock.js";
import { VirtualClock } from "../../src/clock/virtual-clock.js";

describe("VirtualClock", () => {
  it("moves only when told, running the timers due on the way in time order, each at its own time", async () => {
    const clock = new VirtualClock();
    const ran: Array<[string, number]> = [];
    clock.schedule(30, () => ran.push(["thirty", clock.now()]));
    clock.schedule(10, () => ran.push(["ten", clock.now()]));
    clock.schedule(10, () => ran.push(["ten, set second", clock.now()]));
    clock.schedule(50, () => ran.push(["fifty", clock.now()]));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(ran).toEqual([]);
    await clock.advance(40);
    expect(ran).toEqual([
      ["ten", 10],
      ["ten, set second", 10],
      ["thirty", 30],
    ]);
    expect(clock.now()).toBe(40);
    expect(clock.pending).toBe(1);
  });

  it("lets what a timer set off run before the next timer", async () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    clock.schedule(1, () => {
      void Promise.resolve().then(() => order.push("reaction of the first"));
    });
    clock.schedule(1, () => order.push("second"));
    await clock.next();
    expect(order).toEqual(["reaction of the first", "second"]);
  });

  it("never runs a cancelled timer, and restarts a timer from now", async () => {
    const clock = new VirtualClock({ start: 100 });
    const ran: number[] = [];
    const cancelled = clock.schedule(5, () => ran.push(-1));
    const restarted = clock.schedule(10, () => ran.push(clock.now()));
    cancelled.cancel();
    await clock.advance(8);
    restarted.restart();
    await clock.advance(9);
    expect(ran).toEqual([]);
    await clock.advance(1);
    expect(ran).toEqual([118]);
    // A timer that ran and was then cancelled stays stopped.
    restarted.cancel();
    restarted.restart();
    expect(clock.pending).toBe(0);
  });

  it("settles a promise that waits on its timers, and refuses to hang on one that waits on nothing", async () => {
    const clock = new VirtualClock();
    const sleep = (milliseconds: number) =>
      new Promise<number>((resolve) => clock.schedule(milliseconds, () => resolve(clock.now())));
    const chained = sleep(1_000).then(() => sleep(60_000));
    expect(await clock.settle(chained)).toBe(61_000);
    await expect(clock.settle(new Promise(() => {}))).rejects.toThrow(/no timer is left/);
  });
});

describe("systemClock", () => {
  it("reads time that never goes back and runs, cancels and restarts real timers", async () => {
    const first = systemClock.now();
    const ran: string[] = [];
    const kept = systemClock.schedule(1, () => ran.push("kept"));
    systemClock.schedule(1, () => ran.push("cancelled")).cancel();
    kept.restart();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toEqual(["kept"]);
    expect(systemClock.now()).toBeGreaterThanOrEqual(first);
  });

  it("runs a timer no earlier than asked, never from within schedule, and not after cancel and restart", async () => {
    const delays = [0, 0.3, 1, 2.5, 7];
    const early: number[] = [];
    const runs = delays.map(
      (delayMs) =>
        new Promise<void>((resolve) => {
          const setAt = systemClock.now();
          systemClock.schedule(delayMs, () => {
            if (systemClock.now() - setAt < delayMs) early.push(delayMs);
            resolve();
          });
        }),
    );
    let isSynchronous = true;
    const zero = new Promise<boolean>((resolve) => systemClock.schedule(0, () => resolve(isSynchronous)));
    isSynchronous = false;
    await Promise.all(runs);
    expect(early).toEqual([]);
    expect(await zero).toBe(false);
    const ran: string[] = [];
    const timer = systemClock.schedule(1, () => ran.push("cancelled"));
    timer.cancel();
    timer.restart();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual([]);
  });
});
