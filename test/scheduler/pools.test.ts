import { describe, expect, it } from "vitest";
import { defineTool, Executor, type RunResult, type Tool } from "../../src/index.js";
import { type Deferred, deferred, waitFor } from "../helpers.js";
import { fixedCosts, PoolMeter, pooledTool } from "./pool-meter.js";

/** Deferreds by call id, made on first use: a test decides when each call ends. */
function gates(): { gate: (callId: string) => Promise<void>; open: (callId: string) => void } {
  const byId = new Map<string, Deferred<void>>();
  const get = (callId: string): Deferred<void> => {
    let gate = byId.get(callId);
    if (gate === undefined) {
      gate = deferred();
      byId.set(callId, gate);
    }
    return gate;
  };
  return { gate: (callId) => get(callId).promise, open: (callId) => get(callId).resolve() };
}

function statuses(result: RunResult): Record<string, string> {
  return Object.fromEntries(result.calls.map((call) => [call.id, call.status]));
}

/** `count` calls of `tool`, with ids `${prefix}0`, `${prefix}1`, and so on. */
function callsOf(prefix: string, count: number, tool: string): { id: string; tool: string }[] {
  return Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}`, tool }));
}

/** Lets `count` turns of the event loop go by. */
async function turns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}

interface GatedBench {
  meter: PoolMeter;
  executor: Executor;
  /** Lets the call end. */
  open: (callId: string) => void;
  /** For each call in turn: waits for it to start, then lets it end. */
  letRun: (...callIds: string[]) => Promise<void>;
}

/**
 * An executor with `pools` and a cost model that never learns, holding one gated, metered tool per entry of `gated`
 * (name: [uses, estimateMs]), then whatever `more` makes with the same meter.
 */
function gatedBench(
  pools: Record<string, number>,
  gated: Record<string, readonly [Record<string, number>, number]>,
  more: (meter: PoolMeter) => Tool[] = () => [],
): GatedBench {
  const meter = new PoolMeter();
  const { gate, open } = gates();
  const tools = Object.entries(gated).map(([name, [uses, estimateMs]]) =>
    pooledTool(name, uses, meter, { gate, extra: { estimateMs } }),
  );
  const executor = new Executor({ pools, costModel: fixedCosts, tools: [...tools, ...more(meter)] });
  const letRun = async (...callIds: string[]): Promise<void> => {
    for (const callId of callIds) {
      await waitFor(() => meter.hasStarted(callId));
      open(callId);
    }
  };
  return { meter, executor, open, letRun };
}

describe("pools: what fits", () => {
  it("runs as many calls at once as the pool holds, never more", async () => {
    const meter = new PoolMeter();
    const executor = new Executor({
      pools: { cpu: 3 },
      tools: [pooledTool("work", { cpu: 1 }, meter, { ticks: 3 })],
    });
    const result = await executor.run({ calls: callsOf("c", 12, "work") }).result();
    expect(result.status).toBe("succeeded");
    expect(meter.maxInUse.get("cpu")).toBe(3);
    expect(executor.pools()).toEqual({ cpu: { capacity: 3, inUse: 0, waiting: 0 } });
  });

  it("starts a call only when all it uses fits in every pool at once", async () => {
    const { meter, executor, open, letRun } = gatedBench(
      { cpu: 4, memory_mb: 1000 },
      { heavy: [{ cpu: 1, memory_mb: 600 }, 100], light: [{ cpu: 1 }, 1] },
    );
    const run = executor.run({
      calls: [
        { id: "h1", tool: "heavy" },
        { id: "h2", tool: "heavy" },
        { id: "l1", tool: "light" },
        { id: "l2", tool: "light" },
      ],
    });
    await waitFor(() => meter.running.size === 3);
    // cpu has room for h2, memory does not: it takes neither, and the light calls run beside h1.
    expect([...meter.running].sort()).toEqual(["h1", "l1", "l2"]);
    expect(executor.pools()).toEqual({
      cpu: { capacity: 4, inUse: 3, waiting: 1 },
      memory_mb: { capacity: 1000, inUse: 600, waiting: 1 },
    });
    open("l1");
    open("l2");
    await waitFor(() => meter.ends.length === 2);
    expect(meter.hasStarted("h2")).toBe(false);
    open("h1");
    await letRun("h2");
    expect((await run.result()).status).toBe("succeeded");
    expect(meter.maxInUse.get("memory_mb")).toBe(600);
  });

  it("lets calls of tools that use no pool, or other pools, run past a full one", async () => {
    const meter = new PoolMeter();
    const { gate, open } = gates();
    const executor = new Executor({
      pools: { gpu: 1, cpu: 2 },
      tools: [
        pooledTool("train", { gpu: 1 }, meter, { gate }),
        pooledTool("parse", { cpu: 1 }, meter, { ticks: 2 }),
        { name: "plain", execute: () => "done" },
      ],
    });
    const run = executor.run({
      calls: [
        { id: "t1", tool: "train" },
        { id: "t2", tool: "train" },
        { id: "p1", tool: "parse" },
        { id: "p2", tool: "parse" },
        { id: "p3", tool: "parse" },
        { id: "x", tool: "plain" },
      ],
    });
    const events: string[] = [];
    run.subscribe((event) => {
      if (event.type === "call-end") events.push(event.callId);
    });
    await waitFor(() => ["p1", "p2", "p3", "x"].every((id) => events.includes(id)));
    expect(meter.hasStarted("t2")).toBe(false);
    open("t1");
    await waitFor(() => meter.hasStarted("t2"));
    open("t2");
    expect((await run.result()).status).toBe("succeeded");
    expect(meter.maxInUse.get("gpu")).toBe(1);
  });

  it("fits fractional amounts exactly, without rounding drift wedging a call that needs the whole pool", async () => {
    const meter = new PoolMeter();
    const executor = new Executor({
      pools: { cpu: 0.3 },
      tools: [
        pooledTool("tenth", { cpu: 0.1 }, meter, { ticks: 2 }),
        pooledTool("fifth", { cpu: 0.2 }, meter, { ticks: 2 }),
        pooledTool("all", { cpu: 0.3 }, meter, { ticks: 1 }),
      ],
    });
    const calls = [
      ...Array.from({ length: 7 }, (_, index) => ({ id: `t${index}`, tool: index % 2 ? "tenth" : "fifth" })),
      { id: "all", tool: "all" },
    ];
    const result = await executor.run({ calls }).result();
    expect(result.status).toBe("succeeded");
    expect(meter.maxInUse.get("cpu")).toBeLessThanOrEqual(0.3 + 1e-12);
  });
});

describe("pools: no starvation (EASY backfilling)", () => {
  it("does not let a stream of small calls starve a large call at the head", async () => {
    const { meter, executor, open, letRun } = gatedBench(
      { cpu: 2 },
      { small: [{ cpu: 1 }, 10], big: [{ cpu: 2 }, 50] },
    );
    const run = executor.run([], { isOpen: true });
    let added = 0;
    const addSmall = (): void => {
      if (added < 40) run.add({ id: `s${added++}`, tool: "small" });
    };
    addSmall();
    addSmall();
    await waitFor(() => meter.running.size === 2);
    run.add({ id: "big", tool: "big" });
    // Small calls keep coming: one more each time one ends, and two always waiting.
    addSmall();
    addSmall();
    run.subscribe((event) => {
      if (event.type === "call-end" && event.tool === "small") addSmall();
    });
    open("s0");
    await waitFor(() => meter.ends.includes("s0"));
    // s2 would fit in the cpu s0 gave back, but it would end after s1 and so delay "big": it waits.
    expect(meter.running).toEqual(new Set(["s1"]));
    open("s1");
    await waitFor(() => meter.hasStarted("big"));
    expect(meter.starts.slice(0, 3)).toEqual(["s0", "s1", "big"]);
    open("big");
    await letRun(
      ...callsOf("s", 40, "small")
        .slice(2)
        .map((call) => call.id),
    );
    run.end();
    expect((await run.result()).status).toBe("succeeded");
    expect(meter.maxInUse.get("cpu")).toBe(2);
  });

  it("backfills a small call that is expected to end before the head's reservation", async () => {
    const { meter, executor, open, letRun } = gatedBench(
      { cpu: 2 },
      { long: [{ cpu: 1 }, 60_000], big: [{ cpu: 2 }, 100_000] },
      (meter) => [pooledTool("quick", { cpu: 1 }, meter, { ticks: 2, extra: { estimateMs: 1 } })],
    );
    const run = executor.run([], { isOpen: true });
    run.add({ id: "long", tool: "long" });
    await waitFor(() => meter.hasStarted("long"));
    run.add({ id: "big", tool: "big" });
    run.add([
      { id: "q1", tool: "quick" },
      { id: "q2", tool: "quick" },
      { id: "q3", tool: "quick" },
    ]);
    // The head waits for "long" (a minute by its estimate); the quick calls take its free cpu meanwhile.
    await waitFor(() => meter.ends.includes("q3"));
    expect(meter.hasStarted("big")).toBe(false);
    open("long");
    await letRun("big");
    run.end();
    expect(statuses(await run.result())).toEqual({
      long: "succeeded",
      big: "succeeded",
      q1: "succeeded",
      q2: "succeeded",
      q3: "succeeded",
    });
    expect(meter.starts.indexOf("q3")).toBeLessThan(meter.starts.indexOf("big"));
  });

  it("does not backfill a call that would delay the head's reservation", async () => {
    const { meter, executor, open, letRun } = gatedBench(
      { cpu: 2 },
      { long: [{ cpu: 1 }, 60_000], big: [{ cpu: 2 }, 100_000] },
      (meter) => [pooledTool("longer", { cpu: 1 }, meter, { ticks: 1, extra: { estimateMs: 90_000 } })],
    );
    const run = executor.run([], { isOpen: true });
    run.add({ id: "long", tool: "long" });
    await waitFor(() => meter.hasStarted("long"));
    run.add([
      { id: "big", tool: "big" },
      { id: "longer", tool: "longer" },
    ]);
    await turns(20);
    // One cpu is free, but "longer" would still hold it when "long" ends: "big" would have to wait for it.
    expect(meter.hasStarted("longer")).toBe(false);
    expect(executor.pools().cpu).toEqual({ capacity: 2, inUse: 1, waiting: 2 });
    open("long");
    await letRun("big");
    run.end();
    expect((await run.result()).status).toBe("succeeded");
    expect(meter.starts).toEqual(["long", "big", "longer"]);
  });

  it("backfills a long call into capacity the head will not need at its reservation", async () => {
    const { meter, executor, open, letRun } = gatedBench(
      { cpu: 5 },
      {
        short: [{ cpu: 2 }, 1000],
        long: [{ cpu: 1 }, 100_000],
        big: [{ cpu: 3 }, 200_000],
        side: [{ cpu: 1 }, 50_000],
      },
    );
    const run = executor.run([], { isOpen: true });
    run.add([
      { id: "short", tool: "short" },
      { id: "long", tool: "long" },
    ]);
    await waitFor(() => meter.running.size === 2);
    run.add([
      { id: "big", tool: "big" },
      { id: "side1", tool: "side" },
      { id: "side2", tool: "side" },
    ]);
    // "big" needs 3 and 2 are free. When "short" ends it will have 4 free beside "long": one spare. side1 takes it,
    // side2 would take what "big" needs.
    await waitFor(() => meter.hasStarted("side1"));
    await turns(20);
    expect(meter.hasStarted("side2")).toBe(false);
    open("short");
    await waitFor(() => meter.hasStarted("big"));
    // Not delayed by side1, which still runs.
    expect(meter.running).toEqual(new Set(["long", "side1", "big"]));
    for (const id of ["long", "side1", "big"]) open(id);
    await letRun("side2");
    run.end();
    expect((await run.result()).status).toBe("succeeded");
    expect(meter.maxInUse.get("cpu")).toBe(5);
  });

  it("still starts the head when the call it waits for overruns its estimate, and backfills nothing past it", async () => {
    const { meter, executor, open, letRun } = gatedBench(
      { cpu: 2 },
      { late: [{ cpu: 1 }, 5], big: [{ cpu: 2 }, 1000], tiny: [{ cpu: 1 }, 0] },
    );
    const run = executor.run([], { isOpen: true });
    run.add({ id: "late", tool: "late" });
    await waitFor(() => meter.hasStarted("late"));
    run.add({ id: "big", tool: "big" });
    // Past the reservation "late" promised, by far: estimates are proven wrong, and nothing may go ahead any more.
    await new Promise((resolve) => setTimeout(resolve, 30));
    run.add({ id: "tiny", tool: "tiny" });
    await turns(20);
    expect(meter.hasStarted("tiny")).toBe(false);
    open("late");
    await letRun("big", "tiny");
    run.end();
    expect((await run.result()).status).toBe("succeeded");
    expect(meter.starts).toEqual(["late", "big", "tiny"]);
  });

  it("keeps plan order among calls of equal rank", async () => {
    const { meter, executor, letRun } = gatedBench({ cpu: 2 }, { work: [{ cpu: 1 }, 10] });
    const calls = callsOf("w", 6, "work");
    const run = executor.run({ calls });
    await letRun(...calls.map((call) => call.id));
    expect((await run.result()).status).toBe("succeeded");
    // Ties keep plan order.
    expect(meter.starts).toEqual(["w0", "w1", "w2", "w3", "w4", "w5"]);
  });
});

describe("pools: runs sharing an executor", () => {
  it("puts a call of a higher-priority run at the head, ahead of a lower-priority run's larger call", async () => {
    const { meter, executor, open, letRun } = gatedBench(
      { cpu: 2 },
      { small: [{ cpu: 1 }, 10], big: [{ cpu: 2 }, 1000], urgent: [{ cpu: 1 }, 500] },
    );
    const low = executor.run([{ id: "s0", tool: "small" }], { runId: "low", isOpen: true });
    await waitFor(() => meter.hasStarted("s0"));
    low.add({ id: "big", tool: "big" });
    low.end();
    const high = executor.run([{ id: "u", tool: "urgent" }], { runId: "high", priority: 1 });
    // "u" ranks below "big" and would hold its cpu long past the moment "big" could start, but its run comes first.
    await waitFor(() => meter.hasStarted("u"));
    expect(meter.hasStarted("big")).toBe(false);
    open("s0");
    open("u");
    await letRun("big");
    expect((await low.result()).status).toBe("succeeded");
    expect((await high.result()).status).toBe("succeeded");
  });

  it("protects the head across runs: another run's small calls wait when they would delay it", async () => {
    const { meter, executor, open, letRun } = gatedBench(
      { cpu: 2 },
      { small: [{ cpu: 1 }, 100], big: [{ cpu: 2 }, 1000] },
    );
    const first = executor.run([{ id: "s0", tool: "small" }], { runId: "first" });
    await waitFor(() => meter.hasStarted("s0"));
    const second = executor.run([{ id: "big", tool: "big" }], { runId: "second" });
    const third = executor.run(callsOf("t", 3, "small"), { runId: "third" });
    await turns(20);
    expect(meter.starts).toEqual(["s0"]);
    open("s0");
    await letRun("big", "t0", "t1", "t2");
    await Promise.all([first.result(), second.result(), third.result()]);
    expect(meter.starts.slice(0, 2)).toEqual(["s0", "big"]);
  });
});

describe("pools: per-run demands, cancellation, bad input", () => {
  it("lets a run's policies change a tool's demand, or drop it, for that run alone", async () => {
    let running = 0;
    let maxRunning = 0;
    const work = defineTool({
      name: "work",
      uses: { cpu: 1 },
      execute: async () => {
        maxRunning = Math.max(maxRunning, ++running);
        await turns(3);
        running--;
      },
    });
    const executor = new Executor({ pools: { cpu: 4 }, tools: [work] });
    const calls = callsOf("c", 8, "work");
    await executor.run({ calls }, { policies: { work: { uses: { cpu: 2 } } } }).result();
    expect(maxRunning).toBe(2);
    maxRunning = 0;
    await executor.run({ calls }).result();
    expect(maxRunning).toBe(4);
    maxRunning = 0;
    await executor.run({ calls }, { policies: { work: { uses: {} } } }).result();
    expect(maxRunning).toBe(8);
  });

  it("forgets a call cancelled while it waits, and gives the pool to the others", async () => {
    const { meter, executor, open } = gatedBench(
      { cpu: 2 },
      { small: [{ cpu: 1 }, 10], big: [{ cpu: 2 }, 50] },
    );
    const holder = executor.run([{ id: "s0", tool: "small" }]);
    await waitFor(() => meter.hasStarted("s0"));
    const waiting = executor.run([{ id: "big", tool: "big" }]);
    const behind = executor.run([{ id: "s1", tool: "small" }], { runId: "behind" });
    await turns(10);
    // "big" heads the pool; s1 (which would end after s0) waits behind it.
    expect(executor.pools().cpu).toEqual({ capacity: 2, inUse: 1, waiting: 2 });
    waiting.cancel("not needed");
    expect(statuses(await waiting.result())).toEqual({ big: "cancelled" });
    // With the head gone, s1 may use the free cpu at once.
    await waitFor(() => meter.hasStarted("s1"));
    open("s0");
    open("s1");
    await holder.result();
    await behind.result();
    expect(meter.hasStarted("big")).toBe(false);
    expect(executor.pools().cpu).toEqual({ capacity: 2, inUse: 0, waiting: 0 });
  });

  it("gives back a running call's share when its run is cancelled", async () => {
    const meter = new PoolMeter();
    const executor = new Executor({
      pools: { cpu: 1 },
      tools: [pooledTool("stuck", { cpu: 1 }, meter, { gate: () => new Promise(() => {}) })],
    });
    const run = executor.run([
      { id: "a", tool: "stuck" },
      { id: "b", tool: "stuck" },
    ]);
    await waitFor(() => meter.hasStarted("a"));
    run.cancel();
    expect(statuses(await run.result())).toEqual({ a: "cancelled", b: "cancelled" });
    expect(meter.hasStarted("b")).toBe(false);
    expect(executor.pools().cpu).toEqual({ capacity: 1, inUse: 0, waiting: 0 });
  });

  it("refuses bad capacities, naming the pool and the value", () => {
    expect(() => new Executor({ pools: { cpu: 0 } })).toThrow(RangeError);
    expect(() => new Executor({ pools: { cpu: 0 } })).toThrow(/`pools.cpu`.*positive finite.*got 0/);
    expect(() => new Executor({ pools: { gpu: -1 } })).toThrow(/`pools.gpu`/);
    expect(() => new Executor({ pools: { cpu: Number.POSITIVE_INFINITY } })).toThrow(RangeError);
    expect(() => new Executor({ pools: { cpu: "2" as unknown as number } })).toThrow(TypeError);
    expect(() => new Executor({ pools: { cpu: Number.NaN } })).toThrow(/`pools.cpu` to be a number/);
    expect(() => new Executor({ pools: [2] as unknown as Record<string, number> })).toThrow(/`pools`.*array/);
    expect(() => new Executor({ pools: null as unknown as Record<string, number> })).toThrow(TypeError);
  });

  it("refuses bad demands where the tool is defined, naming the tool, the field and the value", () => {
    const define = (uses: unknown) => () =>
      defineTool({ name: "render", uses: uses as Record<string, number>, execute: () => 1 });
    expect(define({ cpu: 0 })).toThrow(RangeError);
    expect(define({ cpu: 0 })).toThrow(/Tool "render": `uses.cpu` must be a positive finite number.*got 0/);
    expect(define({ cpu: -2 })).toThrow(RangeError);
    expect(define({ cpu: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(define({ cpu: Number.NaN })).toThrow(TypeError);
    expect(define({ cpu: "1" })).toThrow(/`uses.cpu` must be a number.*"1" \(string\)/);
    expect(define("cpu")).toThrow(/Tool "render": `uses` must be an object.*"cpu" \(string\)/);
    expect(define([1])).toThrow(TypeError);
  });

  it("refuses, where a tool is registered or a run is created, a demand the pools can never hold", () => {
    const tool = (uses: Record<string, number>) => ({ name: "render", uses, execute: () => 1 });
    expect(() => new Executor({ pools: { cpu: 2, gpu: 1 }, tools: [tool({ disk: 1 })] })).toThrow(
      /Tool "render": `uses.disk` names pool "disk", which the executor does not have; its pools: cpu, gpu/,
    );
    expect(() => new Executor({ pools: { cpu: 2 }, tools: [tool({ cpus: 1 })] })).toThrow(
      /did you mean "cpu"/,
    );
    expect(() => new Executor({ pools: { cpu: 2 }, tools: [tool({ cpu: 3 })] })).toThrow(RangeError);
    expect(() => new Executor({ pools: { cpu: 2 }, tools: [tool({ cpu: 3 })] })).toThrow(
      /Tool "render": `uses.cpu` is 3, more than pool "cpu" holds in all \(2\)/,
    );
    expect(() => new Executor({ tools: [tool({ cpu: 1 })] })).toThrow(/the executor has no pools/);
    const executor = new Executor({ pools: { cpu: 2 } });
    expect(() => executor.register(tool({ memory_mb: 10 }))).toThrow(/`uses.memory_mb`/);
    executor.register({ name: "plain", execute: () => 1 });
    const plan = [{ id: "p", tool: "plain" }];
    expect(() => executor.run(plan, { policies: { plain: { uses: { cpu: 5 } } } })).toThrow(
      /Tool "plain": `uses.cpu` is 5/,
    );
    expect(() => executor.run(plan, { policies: { plain: { uses: { cpu: -1 } } } })).toThrow(RangeError);
    expect(() => executor.run(plan, { policies: { plain: { uses: { disk: 1 } } } })).toThrow(/pool "disk"/);
  });
});
