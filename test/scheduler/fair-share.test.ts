import { describe, expect, it } from "vitest";
import {
  Executor,
  InvalidOptionError,
  PlanError,
  QueueFullError,
  type Run,
  type Tool,
  WeftError,
} from "../../src/index.js";
import type { Schedulable } from "../../src/scheduler/admission.js";
import { FairQueue } from "../../src/scheduler/fair-queue.js";
import type { Lane } from "../../src/scheduler/lane.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { deferred } from "../helpers.js";
import { SteppedWork, settle, workPlan } from "./stepped-work.js";

/** Slot-steps held by each tenant over `steps` steps, with the runs of each tenant added together. */
async function slotSteps(
  work: SteppedWork,
  steps: number,
  tenantOf: (runId: string) => string,
): Promise<Map<string, number>> {
  const held = new Map<string, number>();
  for (let step = 0; step < steps; step++) {
    for (const [runId, slots] of await work.step()) {
      const tenant = tenantOf(runId);
      held.set(tenant, (held.get(tenant) ?? 0) + slots);
    }
  }
  return held;
}

const firstLetter = (runId: string): string => runId.slice(0, 1);

describe("fair share between runs", () => {
  it("gives two tenants of weights 1 and 3 slots in the ratio 1:3, runs of one tenant sharing its share", async () => {
    const work = new SteppedWork();
    const executor = new Executor({ tools: [work.tool], concurrency: 4 });
    // Tenant a's calls are short and tenant b's long: the share is of slots held, not of calls started.
    const runs = [
      executor.run(workPlan("a", 80, 2), { runId: "a", tenant: "a", weight: 1 }),
      executor.run(workPlan("b", 60, 3), { runId: "b1", tenant: "b", weight: 3 }),
      // Naming the tenant again without a weight keeps its weight; the two runs of b share b's share.
      executor.run(workPlan("b", 60, 3), { runId: "b2", tenant: "b" }),
    ];
    // The run that starts first takes every free slot for a moment; then the shares settle.
    await slotSteps(work, 4, firstLetter);
    const held = await slotSteps(work, 60, firstLetter);
    const a = held.get("a") ?? 0;
    const b = held.get("b") ?? 0;
    // Every step the 4 slots are held, and both tenants still had calls waiting throughout.
    expect(a + b).toBe(240);
    expect(work.startsByRun.get("a")).toBeLessThan(80);
    expect((work.startsByRun.get("b1") ?? 0) + (work.startsByRun.get("b2") ?? 0)).toBeLessThan(120);
    expect(b / a).toBeGreaterThan(2.7);
    expect(b / a).toBeLessThan(3.3);
    for (const run of runs) run.cancel();
    await Promise.all(runs.map((run) => run.result()));
    expect(executor.queued).toBe(0);
  });

  it("shares a tool's own limit between tenants by weight too", async () => {
    const work = new SteppedWork();
    const executor = new Executor({ tools: [{ ...work.tool, concurrency: 4 }], concurrency: 16 });
    const runs = [
      executor.run(workPlan("a", 100, 2), { runId: "a", tenant: "a", weight: 1 }),
      executor.run(workPlan("b", 100, 3), { runId: "b", tenant: "b", weight: 3 }),
    ];
    await slotSteps(work, 4, firstLetter);
    const held = await slotSteps(work, 40, firstLetter);
    expect(held.get("a")).toBe(40);
    expect(held.get("b")).toBe(120);
    for (const run of runs) run.cancel();
    await Promise.all(runs.map((run) => run.result()));
  });

  it("gives a tenant that joins later its share, taken from those already running", async () => {
    const work = new SteppedWork();
    const executor = new Executor({ tools: [work.tool], concurrency: 12 });
    const runs = [
      executor.run(workPlan("a", 300, 3), { runId: "a", tenant: "a", weight: 1 }),
      executor.run(workPlan("b", 300, 3), { runId: "b", tenant: "b", weight: 3 }),
    ];
    await slotSteps(work, 4, firstLetter);
    const before = await slotSteps(work, 12, firstLetter);
    expect(before.get("a")).toBe(3 * 12);
    expect(before.get("b")).toBe(9 * 12);

    runs.push(executor.run(workPlan("c", 300, 3), { runId: "c", tenant: "c", weight: 2 }));
    await slotSteps(work, 6, firstLetter);
    const after = await slotSteps(work, 24, firstLetter);
    // 12 slots for weights 1 : 3 : 2 are 2 : 6 : 4.
    expect((after.get("a") ?? 0) / 24).toBeCloseTo(2, 0);
    expect((after.get("b") ?? 0) / 24).toBeCloseTo(6, 0);
    expect((after.get("c") ?? 0) / 24).toBeCloseTo(4, 0);
    for (const run of runs) run.cancel();
    await Promise.all(runs.map((run) => run.result()));
  });

  it("starts a higher-priority run's ready calls before a lower one's, whatever their weights", async () => {
    const work = new SteppedWork();
    const executor = new Executor({ tools: [work.tool], concurrency: 2 });
    const low = executor.run(workPlan("l", 8, 2), { runId: "low", weight: 100 });
    await work.step();
    expect(work.startsByRun.get("low")).toBe(2);
    const high = executor.run(workPlan("h", 4, 1), { runId: "high", priority: 1 });
    const lowered = executor.run(workPlan("n", 2, 1), { runId: "negative", priority: -1 });
    const results = Promise.all([low.result(), high.result(), lowered.result()]);
    while (executor.queued > 0) await work.step();
    await results;
    const runOrder = work.starts.slice(2).map((start) => start.split("/")[0]);
    expect(runOrder).toEqual([
      ...Array<string>(4).fill("high"),
      ...Array<string>(6).fill("low"),
      ...Array<string>(2).fill("negative"),
    ]);
  });

  it("keeps the critical-path order inside each tenant, across its runs", async () => {
    const order: { runId: string; callId: string }[] = [];
    const ranks = new Map<string, number>();
    const blocker = deferred();
    const tool = (name: string, estimateMs: number): Tool => ({
      name,
      estimateMs,
      async execute(_input, context) {
        order.push({ runId: context.runId, callId: context.callId });
        if (context.runId === "blocker") await blocker.promise;
      },
    });
    const executor = new Executor({ tools: [tool("quick", 1), tool("slow", 50)], concurrency: 1 });
    const blocking = executor.run([{ id: "z", tool: "quick" }], { runId: "blocker" });
    await settle();
    const mixed = Array.from({ length: 6 }, (_unused, index) => ({
      id: `m${index}`,
      tool: index % 2 === 0 ? "quick" : "slow",
    }));
    const onEvent = (runId: string) => (event: { type: string; callId?: string; rank?: number }) => {
      if (event.type === "call-ready") ranks.set(`${runId}/${event.callId}`, event.rank ?? 0);
    };
    const runs = [
      executor.run(
        Array.from({ length: 3 }, (_unused, index) => ({ id: `q${index}`, tool: "quick" })),
        { runId: "x1", tenant: "x", onEvent: onEvent("x1") },
      ),
      executor.run(
        Array.from({ length: 3 }, (_unused, index) => ({ id: `s${index}`, tool: "slow" })),
        { runId: "x2", tenant: "x", onEvent: onEvent("x2") },
      ),
      executor.run(mixed, { runId: "y", tenant: "y", onEvent: onEvent("y") }),
    ];
    await settle();
    blocker.resolve();
    await Promise.all([blocking.result(), ...runs.map((run) => run.result())]);
    for (const tenant of ["x", "y"]) {
      const started = order.filter((start) => start.runId.startsWith(tenant));
      expect(started).toHaveLength(6);
      const startedRanks = started.map((start) => ranks.get(`${start.runId}/${start.callId}`) as number);
      expect(startedRanks).toEqual([...startedRanks].sort((left, right) => right - left));
      expect(startedRanks[0]).toBeGreaterThan(startedRanks[5] as number);
    }
    // The slot went to one tenant, then to the other, which had used none of it, rather than to x's best call again.
    const tenants = order.slice(1, 3).map((start) => start.runId.slice(0, 1));
    expect(tenants.sort()).toEqual(["x", "y"]);
  });

  it("goes back to one heap when a single run is left, and keeps sharing correctly when others come", async () => {
    const work = new SteppedWork();
    const executor = new Executor({ tools: [work.tool], concurrency: 4 });
    const long = executor.run(workPlan("l", 200, 1), { runId: "long", tenant: "l" });
    await work.step();
    for (let round = 0; round < 3; round++) {
      const short = executor.run(workPlan("s", 6, 1), { runId: `short${round}`, tenant: "s", weight: 3 });
      await work.step();
      const held = await slotSteps(work, 2, (runId) => runId.slice(0, 1));
      expect(held.get("s")).toBe(6);
      expect(held.get("l")).toBe(2);
      await short.result();
      const alone = await slotSteps(work, 1, (runId) => runId.slice(0, 1));
      expect(alone.get("l")).toBe(4);
    }
    long.cancel();
    const result = await long.result();
    expect(result.calls.filter((call) => call.status === "succeeded").length).toBeGreaterThan(10);
    expect(executor.running).toBe(0);
  });
});

describe("fair queue on a virtual clock", () => {
  interface Item extends Schedulable {
    readonly duration: number;
  }

  /** Runs one slot at a time for `total` clock units; returns the time each lane's calls held the slot. */
  function runSerially(
    queue: FairQueue,
    clock: { now: number },
    lanes: Lane[],
    durations: number[],
    total: number,
  ) {
    let sequence = 0;
    const push = (lane: Lane, duration: number): void => {
      const item: Item = {
        rank: 1,
        sequence: sequence++,
        heapTicket: 0,
        queuedIn: undefined,
        gates: [],
        dispatch: () => true,
        lane,
        duration,
      };
      queue.push(item);
    };
    for (const [index, lane] of lanes.entries()) {
      for (let count = 0; count < 2; count++) push(lane, durations[index] as number);
    }
    const held = lanes.map(() => 0);
    while (clock.now < total) {
      const item = queue.pop() as Item;
      const index = lanes.indexOf(item.lane as Lane);
      queue.started(item);
      clock.now += item.duration;
      held[index] = (held[index] as number) + item.duration;
      queue.released(item);
      push(item.lane as Lane, item.duration);
    }
    return held;
  }

  it("shares one slot by weight through slot-time used, when shares of running calls tie", () => {
    const clock = { now: 0 };
    const queue = new FairQueue(() => clock.now);
    const light = queue.open({ tenant: "light", weight: 1, priority: 0 });
    const heavy = queue.open({ tenant: "heavy", weight: 3, priority: 0 });
    const held = runSerially(queue, clock, [light, heavy], [1, 1], 400);
    expect((held[1] as number) / (held[0] as number)).toBeCloseTo(3, 1);
  });

  it("shares one slot by time, not by calls, when one tenant's calls last ten times longer", () => {
    const clock = { now: 0 };
    const queue = new FairQueue(() => clock.now);
    const slow = queue.open({ weight: 1, priority: 0 });
    const fast = queue.open({ weight: 1, priority: 0 });
    const held = runSerially(queue, clock, [slow, fast], [10, 1], 2000);
    expect((held[1] as number) / (held[0] as number)).toBeGreaterThan(0.9);
    expect((held[1] as number) / (held[0] as number)).toBeLessThan(1.1);
  });
});

describe("scheduler lanes", () => {
  it("switches between one heap and shared lanes as lanes open and close, losing and repeating no call", () => {
    const scheduler = new Scheduler(2);
    const started: string[] = [];
    const running: Schedulable[] = [];
    let sequence = 0;
    const item = (name: string, lane: Lane | undefined, rank = 1): Schedulable => {
      const made: Schedulable = {
        rank,
        sequence: sequence++,
        heapTicket: 0,
        queuedIn: undefined,
        gates: [],
        lane,
        dispatch: () => {
          started.push(name);
          running.push(made);
          return true;
        },
      };
      return made;
    };
    const finishAll = (): void => {
      for (const done of running.splice(0)) scheduler.release(done);
      scheduler.pump();
    };
    // A call that belongs to no run waits in the single heap, then among the lanes.
    scheduler.enqueue(item("stray", undefined, 0));
    const a = scheduler.openLane({ priority: 0 });
    for (let index = 0; index < 4; index++) scheduler.enqueue(item(`a${index}`, a, 10 - index));
    scheduler.pump();
    expect(started).toEqual(["a0", "a1"]);
    const b = scheduler.openLane({ priority: 0, weight: 1 });
    for (let index = 0; index < 4; index++) scheduler.enqueue(item(`b${index}`, b, 10 - index));
    finishAll();
    // Every lane holds no slot now: b's best call has the best rank. Then b holds one, and the others go first.
    expect(started[2]).toBe("b0");
    expect(started[3]).not.toBe("b1");
    for (let round = 0; round < 4; round++) finishAll();
    scheduler.closeLane(a);
    scheduler.closeLane(b);
    finishAll();
    expect(scheduler.running).toBe(0);
    expect([...started].sort()).toEqual(["a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3", "stray"]);
    // One heap again: a new lane's calls go by rank alone.
    const c = scheduler.openLane({ priority: 5 });
    scheduler.enqueue(item("c-low", c, 1));
    scheduler.enqueue(item("c-high", c, 9));
    scheduler.pump();
    expect(started.slice(-2)).toEqual(["c-high", "c-low"]);
    expect(new Set(started).size).toBe(started.length);
  });
});

describe("queue bound", () => {
  it("refuses run() and add() past maxQueued with the counts, runs nothing of them, and accepts again later", async () => {
    const work = new SteppedWork();
    const executor = new Executor({ tools: [work.tool], concurrency: 2, maxQueued: 10 });
    const first = executor.run(workPlan("a", 6, 1), { runId: "a" });
    expect(executor.queued).toBe(6);

    let refused: unknown;
    try {
      executor.run(workPlan("b", 5, 1), { runId: "b" });
    } catch (error) {
      refused = error;
    }
    expect(QueueFullError.isInstance(refused)).toBe(true);
    expect(WeftError.isInstance(refused)).toBe(true);
    const full = refused as QueueFullError;
    expect(full.code).toBe("QUEUE_FULL");
    expect([full.maxQueued, full.queued, full.requested]).toEqual([10, 6, 5]);
    expect(full.message).toMatch(/5 more calls.*6 queued.*at most 10/);
    expect(executor.queued).toBe(6);

    // A plan that fails its check is not counted either.
    expect(() => executor.run([{ id: "x", tool: "missing" }])).toThrow(PlanError);
    expect(executor.queued).toBe(6);

    const open = executor.run(workPlan("o", 4, 1), { runId: "o", isOpen: true });
    expect(executor.queued).toBe(10);
    expect(() => open.add(workPlan("more", 1, 1))).toThrow(QueueFullError);
    try {
      open.add(workPlan("more", 2, 1));
    } catch (error) {
      expect((error as QueueFullError).requested).toBe(2);
      expect((error as QueueFullError).queued).toBe(10);
    }

    while (executor.queued > 4) await work.step();
    expect(work.startsByRun.get("b")).toBeUndefined();
    open.add(workPlan("more", 2, 1));
    const second = executor.run(workPlan("b", 4, 1), { runId: "b" });
    expect(executor.queued).toBeLessThanOrEqual(10);
    open.end();
    const ended: Run[] = [first, open, second];
    while (executor.queued > 0) await work.step();
    const results = await Promise.all(ended.map((run) => run.result()));
    expect(results.map((result) => result.calls.length)).toEqual([6, 6, 4]);
    expect(results.every((result) => result.status === "succeeded")).toBe(true);
    expect(work.startsByRun.get("b")).toBe(4);
  });

  it("counts calls that end without running: cancelled, skipped and cached", async () => {
    const executor = new Executor({
      tools: [
        { name: "never", execute: () => new Promise(() => {}) },
        {
          name: "fail",
          execute: () => {
            throw new Error("no");
          },
        },
      ],
      maxQueued: 5,
    });
    const failing = executor.run([
      { id: "f", tool: "fail" },
      { id: "d", tool: "never", after: ["f"] },
    ]);
    await failing.result();
    expect(executor.queued).toBe(0);
    const hanging = executor.run(
      Array.from({ length: 5 }, (_unused, index) => ({ id: `n${index}`, tool: "never" })),
    );
    expect(() => executor.run([{ id: "one", tool: "never" }])).toThrow(QueueFullError);
    hanging.cancel();
    await hanging.result();
    expect(executor.queued).toBe(0);
  });
});

describe("bad options", () => {
  it("names the field and the value received", () => {
    const executor = new Executor({ tools: [{ name: "noop", execute: () => null }] });
    const plan = [{ id: "a", tool: "noop" }];
    expect(() => new Executor({ maxQueued: 0 })).toThrow(
      /options\.maxQueued must be a whole number of 1 or more.*, got 0$/,
    );
    expect(() => new Executor({ maxQueued: 2.5 })).toThrow(InvalidOptionError);
    expect(() => executor.run(plan, { weight: 0 })).toThrow(
      /options\.weight must be a finite number greater than 0, got 0$/,
    );
    expect(() => executor.run(plan, { weight: Number.POSITIVE_INFINITY })).toThrow(InvalidOptionError);
    expect(() => executor.run(plan, { weight: "2" as unknown as number })).toThrow(
      /options\.weight.*got "2"$/,
    );
    expect(() => executor.run(plan, { tenant: "" })).toThrow(/options\.tenant must be a non-empty string/);
    expect(() => executor.run(plan, { tenant: 7 as unknown as string })).toThrow(InvalidOptionError);
    expect(() => executor.run(plan, { priority: Number.NaN })).toThrow(
      /options\.priority must be a finite number, got NaN$/,
    );
    expect(executor.queued).toBe(0);
  });
});
