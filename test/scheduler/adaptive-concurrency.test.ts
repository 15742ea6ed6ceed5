import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RateLimitedError } from "../../src/errors/rate-limited-error.js";
import { ToolTimeoutError } from "../../src/errors/tool-timeout-error.js";
import {
  defineTool,
  Executor,
  type LimitChangeEvent,
  type Tool,
  type ToolContext,
  type WeftEvent,
} from "../../src/index.js";
import { AdaptiveGate } from "../../src/scheduler/adaptive-gate.js";
import {
  AdaptiveLimit,
  type AdaptiveLimitSettings,
  type LimitChange,
  type SampleKind,
} from "../../src/scheduler/adaptive-limit.js";
import type { Admission, Schedulable } from "../../src/scheduler/admission.js";
import { type AttemptOutcome, succeededOutcome } from "../../src/scheduler/attempt-outcome.js";
import type { ReadyHeap } from "../../src/scheduler/ready-heap.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

/** A seeded generator (mulberry32), so that every simulated run is the same on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Latency in ms of a call that starts with `inFlight` calls running (itself included). */
type LatencyModel = (inFlight: number, random: () => number) => number;

/** Flat up to `knee` calls in flight, then growing with the excess, like a saturated server; ±5% noise. */
function saturating(knee: number, baseMs = 20): LatencyModel {
  return (inFlight, random) => {
    const load = inFlight <= knee ? 1 : (inFlight / knee) * (1 + (inFlight - knee) / (4 * knee));
    return baseMs * load * (0.95 + 0.1 * random());
  };
}

interface Simulation {
  /** The limit after each call ended. */
  limits: number[];
  changes: LimitChange[];
  /** The most calls in flight at once, and whether any start found the limit already reached. */
  maxInFlight: number;
  isOverrun: boolean;
}

/**
 * Drives a limit with a closed loop of always-waiting calls on a fake clock: as many calls start as the limit allows,
 * each ends after the model's latency, and `kindOf` says how.
 */
function simulate(
  limiter: AdaptiveLimit,
  model: LatencyModel,
  calls: number,
  options: { seed?: number; kindOf?: (inFlight: number, random: () => number) => SampleKind } = {},
): Simulation {
  const random = seededRandom(options.seed ?? 1);
  const running: { startedAt: number; endsAt: number; kind: SampleKind }[] = [];
  const result: Simulation = { limits: [], changes: [], maxInFlight: 0, isOverrun: false };
  let now = 0;
  for (let ended = 0; ended < calls; ended++) {
    while (limiter.hasRoom) {
      limiter.started();
      const inFlight = limiter.inFlight;
      if (inFlight > limiter.limit) result.isOverrun = true;
      result.maxInFlight = Math.max(result.maxInFlight, inFlight);
      const kind = options.kindOf?.(inFlight, random) ?? "succeeded";
      insertByEnd(running, { startedAt: now, endsAt: now + model(inFlight, random), kind });
    }
    const next = running.shift();
    if (next === undefined) throw new Error("nothing in flight");
    now = next.endsAt;
    const change = limiter.ended(next.startedAt, now, next.kind);
    if (change !== undefined) result.changes.push(change);
    result.limits.push(limiter.limit);
  }
  // The calls still running end unseen, so that the next simulation starts from an empty service.
  for (const call of running) limiter.ended(call.startedAt, now, "ignored");
  return result;
}

/** Inserts `entry` into `list`, kept sorted by `endsAt` (ties in order of insertion). */
function insertByEnd<Entry extends { endsAt: number }>(list: Entry[], entry: Entry): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((list[middle] as Entry).endsAt <= entry.endsAt) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, entry);
}

function settings(overrides: Partial<AdaptiveLimitSettings> = {}): AdaptiveLimitSettings {
  return { min: 1, max: 64, initial: 4, tolerance: 1.3, ...overrides };
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

describe("AdaptiveLimit (the algorithm, on a fake clock)", () => {
  it("grows while latency stays flat, up to max, and never cuts", () => {
    const limiter = new AdaptiveLimit(settings({ initial: 1, max: 40 }));
    const { changes, limits } = simulate(limiter, saturating(1000), 3000);
    expect(limiter.limit).toBe(40);
    expect(changes.every((change) => change.reason === "latency-flat")).toBe(true);
    // Slow start doubles until the first cut; with no cut it doubles all the way to max.
    expect(changes.map((change) => change.limit)).toEqual([2, 4, 8, 16, 32, 40]);
    for (let index = 1; index < limits.length; index++) {
      expect(limits[index] as number).toBeGreaterThanOrEqual(limits[index - 1] as number);
    }
  });

  it("grows a tool that answers within the clock's resolution (zero latency) like any flat one", () => {
    const limiter = new AdaptiveLimit(settings({ max: 16 }));
    const { changes } = simulate(limiter, () => 0, 500);
    expect(limiter.limit).toBe(16);
    expect(limiter.baselineMs).toBe(0);
    expect(changes.every((change) => change.reason === "latency-flat")).toBe(true);
  });

  it("settles near the best concurrency when latency inflates past it", () => {
    const limiter = new AdaptiveLimit(settings());
    const { changes, limits } = simulate(limiter, saturating(8), 20_000, { seed: 7 });
    expect(changes.some((change) => change.reason === "latency-inflated")).toBe(true);
    const settled = limits.slice(limits.length / 2);
    // The sawtooth stays around the knee: never far above it, on average close to it.
    expect(Math.max(...settled)).toBeLessThanOrEqual(12);
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(5);
    expect(mean(settled)).toBeGreaterThan(7);
    expect(mean(settled)).toBeLessThan(10.5);
  });

  it("cuts a limit that starts far past the knee, then finds the knee", () => {
    const limiter = new AdaptiveLimit(settings({ initial: 48 }));
    const { changes, limits } = simulate(limiter, saturating(6), 12_000, { seed: 3 });
    // The first window sees only inflated latency, so it has nothing to compare with; growing shows the inflation.
    const firstCut = changes.findIndex((change) => change.reason === "latency-inflated");
    expect(firstCut).toBeGreaterThanOrEqual(0);
    expect(firstCut).toBeLessThanOrEqual(1);
    // Each cycle of the sawtooth starts lower than the last, down to the knee.
    expect(mean(limits.slice((limits.length * 3) / 4))).toBeLessThan(9);
  });

  it("follows the knee when the service changes", () => {
    const limiter = new AdaptiveLimit(settings());
    simulate(limiter, saturating(24), 8000, { seed: 5 });
    const before = limiter.limit;
    const { limits } = simulate(limiter, saturating(4), 8000, { seed: 6 });
    expect(before).toBeGreaterThanOrEqual(18);
    expect(mean(limits.slice(limits.length / 2))).toBeLessThan(7);
  });

  it("halves at once on overload, and reacts once to the calls that were already running", () => {
    const limiter = new AdaptiveLimit(settings({ initial: 32 }));
    for (let call = 0; call < 32; call++) limiter.started();
    const first = limiter.ended(0, 50, "overloaded");
    expect(first).toMatchObject({ limit: 16, previous: 32, reason: "overload", latencyMs: 50 });
    // Started before the cut: the same overload, seen again. Ignored.
    expect(limiter.ended(10, 60, "overloaded")).toBeUndefined();
    expect(limiter.limit).toBe(16);
    // Started after it: a new overload.
    limiter.started();
    expect(limiter.ended(55, 70, "overloaded")).toMatchObject({ limit: 8, previous: 16 });
    expect(limiter.inFlight).toBe(30);
  });

  it("finds a lower limit under repeated overload, and never goes below min", () => {
    const limiter = new AdaptiveLimit(settings({ min: 3, initial: 20 }));
    // The service refuses every call once more than 5 are in flight.
    const { limits, changes } = simulate(limiter, saturating(1000), 4000, {
      kindOf: (inFlight) => (inFlight > 5 ? "overloaded" : "succeeded"),
    });
    expect(changes[0]?.reason).toBe("overload");
    expect(Math.min(...limits)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...limits.slice(limits.length / 2))).toBeLessThanOrEqual(7);
  });

  it("does not grow a limit that the workload does not fill", () => {
    const limiter = new AdaptiveLimit(settings({ initial: 8 }));
    // Two calls at a time, forever: latency is flat, but says nothing about running 9.
    let now = 0;
    for (let call = 0; call < 500; call++) {
      limiter.started();
      limiter.started();
      now += 10;
      limiter.ended(now - 10, now, "succeeded");
      expect(limiter.ended(now - 10, now, "succeeded")).toBeUndefined();
    }
    expect(limiter.limit).toBe(8);
  });

  it("learns nothing from ignored outcomes (failures, cancelled or shared calls)", () => {
    const limiter = new AdaptiveLimit(settings({ initial: 2 }));
    for (let call = 0; call < 100; call++) {
      limiter.started();
      expect(limiter.ended(call, call + 1000 * (call % 3), "ignored")).toBeUndefined();
    }
    expect(limiter.limit).toBe(2);
    expect(limiter.baselineMs).toBeNaN();
    expect(limiter.inFlight).toBe(0);
  });

  it("stays within min and max, and reports each change faithfully (property-based)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 48 }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 1.05, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        (min, spread, knee, overloadChance, tolerance, seed) => {
          const max = min + spread;
          const initial = min + (seed % (spread + 1));
          const limiter = new AdaptiveLimit({ min, max, initial, tolerance });
          const { limits, changes, isOverrun } = simulate(limiter, saturating(knee), 1500, {
            seed,
            kindOf: (_inFlight, random) => (random() < overloadChance ? "overloaded" : "succeeded"),
          });
          expect(isOverrun).toBe(false);
          expect(Math.min(...limits)).toBeGreaterThanOrEqual(min);
          expect(Math.max(...limits)).toBeLessThanOrEqual(max);
          let current = initial;
          for (const change of changes) {
            expect(change.previous).toBe(current);
            expect(Number.isInteger(change.limit)).toBe(true);
            expect(change.limit).not.toBe(change.previous);
            expect(change.limit > change.previous).toBe(change.reason === "latency-flat");
            current = change.limit;
          }
          expect(current).toBe(limiter.limit);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** A scheduler whose clock the test moves. */
class FakeClockScheduler extends Scheduler {
  time = 0;
  override now(): number {
    return this.time;
  }
}

interface FakeCall extends Schedulable {
  id: number;
}

function fakeCall(id: number, gates: readonly Admission[], dispatch: (call: FakeCall) => void): FakeCall {
  const call: FakeCall = {
    id,
    rank: 0,
    sequence: id,
    heapTicket: 0,
    queuedIn: undefined as ReadyHeap<never> | undefined,
    gates,
    dispatch: () => {
      dispatch(call);
      return true;
    },
  };
  return call;
}

describe("AdaptiveGate (the admission, in the real scheduler on a fake clock)", () => {
  it("never lets more calls run than the current limit, and hands held calls back as the limit grows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 1000 }), (knee, seed) => {
        const scheduler = new FakeClockScheduler(1000);
        const changes: LimitChange[] = [];
        /** Limits raised while plenty of calls waited: each must be filled at once. */
        const raisedWithBacklog: number[] = [];
        const gate: AdaptiveGate = new AdaptiveGate("api", settings({ max: 32 }), {
          onChange: (_item, change) => {
            changes.push(change);
            if (change.reason === "latency-flat" && gate.waiting.size >= change.limit) {
              raisedWithBacklog.push(change.limit);
            }
          },
        });
        const random = seededRandom(seed);
        const model = saturating(knee);
        const running: { call: FakeCall; endsAt: number }[] = [];
        let maxRunning = 0;
        const calls = Array.from({ length: 600 }, (_, id) =>
          fakeCall(id, [gate], (call) => {
            running.push({ call, endsAt: scheduler.time + model(running.length + 1, random) });
            // Checked at every start: the call just admitted included.
            expect(running.length).toBeLessThanOrEqual(gate.limit);
            maxRunning = Math.max(maxRunning, running.length);
          }),
        );
        for (const call of calls) scheduler.enqueue(call);
        scheduler.pump();
        let ended = 0;
        while (running.length > 0) {
          running.sort((left, right) => left.endsAt - right.endsAt);
          const next = running.shift() as { call: FakeCall; endsAt: number };
          scheduler.time = next.endsAt;
          scheduler.release(next.call, succeededOutcome);
          ended++;
          scheduler.pump();
        }
        // Every call ran: held calls always came back.
        expect(ended).toBe(600);
        expect(gate.waiting.size).toBe(0);
        expect(maxRunning).toBeLessThanOrEqual(32);
        // The limit moved, and the largest limit ever set bounds what ran at once.
        expect(changes.length).toBeGreaterThan(0);
        expect(maxRunning).toBeLessThanOrEqual(Math.max(4, ...changes.map((change) => change.limit)));
        // A raised limit is used at once: the gate hands back as many held calls as now fit, not one.
        expect(raisedWithBacklog.length).toBeGreaterThan(0);
        expect(maxRunning).toBeGreaterThanOrEqual(Math.max(...raisedWithBacklog));
      }),
      { numRuns: 60 },
    );
  });

  it("counts RateLimitedError, timeouts and what the tool's predicate says as overload, and nothing else", () => {
    const outcomes: [AttemptOutcome | undefined, boolean][] = [
      [{ error: new RateLimitedError({ retryAfterMs: 10 }) }, true],
      [{ error: new ToolTimeoutError({ toolName: "t", callId: "c", timeoutMs: 5, attempt: 1 }) }, true],
      [{ error: Object.assign(new Error("busy"), { status: 503 }) }, true],
      [{ error: new Error("not found") }, false],
      [succeededOutcome, false],
      [undefined, false],
    ];
    for (const [outcome, isOverload] of outcomes) {
      const scheduler = new FakeClockScheduler(10);
      const changes: LimitChange[] = [];
      const gate = new AdaptiveGate("api", settings({ initial: 8 }), {
        isOverload: (_item, error) => (error as { status?: number }).status === 503,
        onChange: (_item, change) => changes.push(change),
      });
      const call = fakeCall(0, [gate], () => {});
      scheduler.enqueue(call);
      scheduler.pump();
      scheduler.time = 5;
      scheduler.release(call, outcome);
      expect(changes.map((change) => change.reason)).toEqual(isOverload ? ["overload"] : []);
      expect(gate.limit).toBe(isOverload ? 4 : 8);
    }
  });
});

/** A tool whose latency grows once more than `knee` of its calls run at once; it records what it saw at each start. */
function saturatingTool(
  name: string,
  knee: number,
  seen: { running: number; maxRunning: number; overLimit: number },
  limitNow: () => number,
  extra: Partial<Tool> = {},
): Tool {
  return {
    ...extra,
    name,
    async execute(_input: unknown, _context: ToolContext) {
      seen.running++;
      seen.maxRunning = Math.max(seen.maxRunning, seen.running);
      if (seen.running > limitNow()) seen.overLimit++;
      const excess = Math.max(0, seen.running - knee);
      try {
        await new Promise((resolve) => setTimeout(resolve, 4 + 8 * excess));
        return null;
      } finally {
        seen.running--;
      }
    },
  };
}

describe("adaptive concurrency in the executor", () => {
  it("keeps every call within the limit of the moment, and reports each move as a limit-change event", async () => {
    const seen = { running: 0, maxRunning: 0, overLimit: 0 };
    let executor: Executor | undefined;
    const limitNow = () => executor?.limits().search?.limit ?? 0;
    const search = saturatingTool("search", 3, seen, limitNow, {
      concurrency: { adaptive: { min: 1, max: 16, initial: 2 } },
    });
    executor = new Executor({ concurrency: 64, tools: [search] });
    const events: LimitChangeEvent[] = [];
    const run = executor.run(
      Array.from({ length: 250 }, (_, index) => ({ id: `s${index}`, tool: "search", args: {} })),
      {
        onEvent: (event: WeftEvent) => {
          if (event.type === "limit-change") events.push(event);
        },
      },
    );
    const result = await run.result();
    expect(result.status).toBe("succeeded");
    expect(seen.overLimit).toBe(0);
    expect(seen.maxRunning).toBeLessThanOrEqual(16);
    expect(events.length).toBeGreaterThan(0);
    // The events tell the whole story of the limit: each starts where the last one left it.
    let current = 2;
    for (const event of events) {
      expect(event).toMatchObject({ runId: run.id, key: "search", tool: "search", previous: current });
      expect(event.callId).toMatch(/^s\d+$/);
      current = event.limit;
    }
    expect(executor.limits().search).toMatchObject({
      limit: current,
      running: 0,
      waiting: 0,
      tools: ["search"],
    });
    expect(events[0]?.reason).toBe("latency-flat");
  });

  it("shares one limit between the tools that name the same key", async () => {
    const seen = { running: 0, maxRunning: 0, overLimit: 0 };
    let executor: Executor | undefined;
    const limitNow = () => executor?.limits()["search-api"]?.limit ?? 0;
    const adaptive = { concurrency: { adaptive: { key: "search-api", max: 3, initial: 3 } } } as const;
    executor = new Executor({
      concurrency: 64,
      tools: [
        saturatingTool("search", 100, seen, limitNow, adaptive),
        saturatingTool("suggest", 100, seen, limitNow, adaptive),
      ],
    });
    expect(Object.keys(executor.limits())).toEqual(["search-api"]);
    expect(executor.limits()["search-api"]).toMatchObject({
      limit: 3,
      min: 1,
      max: 3,
      tools: ["search", "suggest"],
    });
    const calls = Array.from({ length: 60 }, (_, index) => ({
      id: `c${index}`,
      tool: index % 2 === 0 ? "search" : "suggest",
      args: {},
    }));
    const result = await executor.run(calls).result();
    expect(result.status).toBe("succeeded");
    // Both tools count against the one limit: together they never pass it, and they did fill it.
    expect(seen.overLimit).toBe(0);
    expect(seen.maxRunning).toBe(3);
  });

  it("cuts the limit when the tool throws RateLimitedError, and tells the run", async () => {
    let running = 0;
    let throttles = 0;
    const throttled = defineTool({
      name: "throttled",
      concurrency: { adaptive: { min: 1, max: 8, initial: 8 } },
      async execute() {
        running++;
        try {
          await new Promise((resolve) => setTimeout(resolve, 2));
          if (running > 2) {
            throttles++;
            throw new RateLimitedError({ retryAfterMs: 0 });
          }
          return null;
        } finally {
          running--;
        }
      },
    });
    const executor = new Executor({ concurrency: 64, tools: [throttled] });
    const events: LimitChangeEvent[] = [];
    await executor
      .run(
        Array.from({ length: 8 }, (_, index) => ({ id: `t${index}`, tool: "throttled", args: {} })),
        { onEvent: (event) => event.type === "limit-change" && events.push(event) },
      )
      .result();
    // Eight calls started together and six were refused together: one cut, not six. A later cut comes only from
    // calls that started after it.
    expect(throttles).toBeGreaterThanOrEqual(6);
    expect(events[0]).toMatchObject({ key: "throttled", previous: 8, limit: 4, reason: "overload" });
    if (events[1] !== undefined) expect(events[1].previous).toBe(4);
  });

  it("costs nothing to a run that nobody listens to", async () => {
    const seen = { running: 0, maxRunning: 0, overLimit: 0 };
    const tool = saturatingTool("quiet", 2, seen, () => Number.POSITIVE_INFINITY, {
      concurrency: "adaptive",
    });
    const executor = new Executor({ tools: [tool] });
    const result = await executor
      .run(Array.from({ length: 40 }, (_, index) => ({ id: `q${index}`, tool: "quiet", args: {} })))
      .result();
    expect(result.status).toBe("succeeded");
    expect(executor.limits().quiet).toMatchObject({ min: 1, max: 64, tools: ["quiet"] });
  });
});

describe("adaptive concurrency in the executor (property-based)", () => {
  it("ends every run, keeps every start within the limit and the limit within its bounds, with failures and overloads", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            tool: fc.integer({ min: 0, max: 2 }),
            dependencyPicks: fc.array(fc.nat(), { maxLength: 2 }),
            ticks: fc.integer({ min: 0, max: 6 }),
            outcome: fc.constantFrom("ok", "ok", "ok", "busy", "broken"),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        async (specs, min, spread, concurrency) => {
          const max = min + spread;
          let executor: Executor | undefined;
          let running = 0;
          let overLimit = 0;
          const limits: number[] = [];
          const adaptive = {
            concurrency: {
              adaptive: {
                key: "api",
                min,
                max,
                initial: min,
                isOverload: (error: unknown) => (error as Error).message === "busy",
              },
            },
          } as const;
          const makeTool = (index: number, extra: Partial<Tool>): Tool => ({
            ...extra,
            name: `t${index}`,
            async execute(_input: unknown, context: ToolContext) {
              const spec = specs[Number(context.callId.slice(1))];
              if (spec === undefined) throw new Error(`no spec for ${context.callId}`);
              const isShared = index < 2;
              if (isShared) {
                running++;
                if (running > (executor?.limits().api?.limit ?? 0)) overLimit++;
              }
              try {
                for (let tick = 0; tick < spec.ticks; tick++)
                  await new Promise((resolve) => setImmediate(resolve));
                if (spec.outcome !== "ok" && context.attempt === 1) throw new Error(spec.outcome);
                return null;
              } finally {
                if (isShared) running--;
              }
            },
          });
          executor = new Executor({
            concurrency,
            tools: [
              makeTool(0, { ...adaptive, idempotent: true, retry: { attempts: 2, backoffMs: 0 } }),
              makeTool(1, adaptive),
              makeTool(2, {}),
            ],
          });
          const plan = specs.map((spec, index) => ({
            id: `c${index}`,
            tool: `t${spec.tool}`,
            args: {},
            after: index === 0 ? [] : [...new Set(spec.dependencyPicks.map((pick) => `c${pick % index}`))],
          }));
          const result = await executor
            .run(plan, { onEvent: (event) => event.type === "limit-change" && limits.push(event.limit) })
            .result();
          expect(result.calls).toHaveLength(specs.length);
          expect(overLimit).toBe(0);
          for (const limit of limits) {
            expect(limit).toBeGreaterThanOrEqual(min);
            expect(limit).toBeLessThanOrEqual(max);
          }
          expect(executor.limits().api).toMatchObject({ running: 0, waiting: 0 });
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("bad adaptive concurrency settings", () => {
  const define = (concurrency: unknown) => () =>
    defineTool({ name: "search", concurrency: concurrency as Tool["concurrency"], execute: () => null });

  it("names the tool and the field, at definition time", () => {
    expect(define({ adaptive: { min: 10, max: 5 } })).toThrow(
      /Tool "search": `concurrency.adaptive.min` \(10\) must not be greater than `concurrency.adaptive.max` \(5\)/,
    );
    expect(define({ adaptive: { min: 0 } })).toThrow(RangeError);
    expect(define({ adaptive: { min: 0 } })).toThrow(
      /`concurrency.adaptive.min` must be a positive integer, got 0/,
    );
    expect(define({ adaptive: { max: 2.5 } })).toThrow(
      /`concurrency.adaptive.max` must be a positive integer, got 2.5/,
    );
    expect(define({ adaptive: { max: "10" } })).toThrow(TypeError);
    expect(define({ adaptive: { min: 2, max: 8, initial: 9 } })).toThrow(
      /`concurrency.adaptive.initial` must lie/,
    );
    expect(define({ adaptive: { tolerance: 1 } })).toThrow(
      /`concurrency.adaptive.tolerance` must be a finite number/,
    );
    expect(define({ adaptive: { key: "" } })).toThrow(
      /`concurrency.adaptive.key` must be a non-empty string/,
    );
    expect(define({ adaptive: { isOverload: true } })).toThrow(
      /`concurrency.adaptive.isOverload` must be a function/,
    );
    expect(define({ adaptive: { maxx: 8 } })).toThrow(/unknown field "maxx" \(did you mean "max"\?\)/);
    expect(define({ adaptive: null })).toThrow(/`concurrency.adaptive` must be an object/);
    expect(define("fast")).toThrow(/Tool "search": `concurrency` must be a positive integer, "adaptive" or/);
    expect(define({ adaptive: {}, min: 1 })).toThrow(/unknown field "min"/);
    expect(define("adaptive")).not.toThrow();
  });

  it("refuses tools that share a key with different bounds, naming both", () => {
    const tool = (name: string, max: number) =>
      defineTool({ name, concurrency: { adaptive: { key: "api", max } }, execute: () => null });
    expect(() => new Executor({ tools: [tool("a", 8), tool("b", 16)] })).toThrow(
      /Tool "b": `concurrency.adaptive` key "api" is already declared with min 1, max 8.* by tool "a"/,
    );
  });

  it("refuses an adaptive limit in a run's policies: it belongs to the tool", () => {
    const executor = new Executor({ tools: [defineTool({ name: "search", execute: () => null })] });
    expect(() =>
      executor.run([{ id: "s", tool: "search", args: {} }], {
        policies: { search: { concurrency: "adaptive" } },
      }),
    ).toThrow(
      /`policies` sets `concurrency` of tool "search" to "adaptive"; a run may set only a fixed number/,
    );
  });
});
