import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Executor, type Tool, type ToolContext, type ToolPolicy } from "../../src/index.js";
import { fixedCosts, PoolMeter, pooledTool } from "./pool-meter.js";
import {
  type SimulatedCall,
  type SimulationItem,
  type SimulationState,
  simulate,
} from "./pool-simulation.js";

const capacitiesArbitrary = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 });

const callArbitrary = fc.record({
  usesMask: fc.integer({ min: 1, max: 7 }),
  demandSeeds: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  rank: fc.integer({ min: 0, max: 4 }),
  estimate: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 10 })),
  overrun: fc.oneof(fc.constant(1), fc.constant(1), fc.double({ min: 0.1, max: 4, noNaN: true })),
  arrival: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 80 })),
  cancelAt: fc.option(fc.integer({ min: 0, max: 100 }), { freq: 6 }),
});
type CallSeed = typeof callArbitrary extends fc.Arbitrary<infer Seed> ? Seed : never;

/** A call that draws on one to three of the pools, each within its capacity. */
function toCall(
  seed: CallSeed,
  capacities: number[],
  options: { isExact?: boolean; isStatic?: boolean } = {},
): SimulatedCall {
  const demand: number[] = capacities.map((capacity, pool): number =>
    seed.usesMask & (1 << pool) ? 1 + ((seed.demandSeeds[pool] as number) % capacity) : 0,
  );
  if (!demand.some((amount) => amount > 0))
    demand[0] = 1 + ((seed.demandSeeds[0] as number) % (capacities[0] as number));
  const duration = options.isExact ? seed.estimate : Math.max(0.5, seed.estimate * seed.overrun);
  return {
    demand,
    rank: seed.rank,
    estimate: seed.estimate,
    duration,
    arrival: options.isStatic ? 0 : seed.arrival,
    cancelAt: options.isStatic ? undefined : (seed.cancelAt ?? undefined),
  };
}

/** Remembers, for every call, since when it has been the best-ranked waiting call (the head), and how long it waited there. */
class HeadWatch {
  #head: SimulationItem | undefined;
  #since = 0;
  readonly longestWait = new Map<SimulationItem, number>();

  observe(state: SimulationState): void {
    const head = state.waiting[0];
    if (this.#head !== undefined && this.#head !== head && this.#head.startedAt !== undefined) {
      this.#record(this.#head, (this.#head.startedAt as number) - this.#since);
    }
    if (head !== this.#head) {
      this.#head = head;
      this.#since = state.time;
    }
  }

  #record(item: SimulationItem, wait: number): void {
    this.longestWait.set(item, Math.max(this.longestWait.get(item) ?? 0, wait));
  }
}

function fitsNow(item: SimulationItem, state: SimulationState): boolean {
  return item.spec.demand.every(
    (amount, pool) => (state.inUse[pool] as number) + amount <= (state.capacities[pool] as number),
  );
}

/**
 * Checks that no waiting call could have started without any risk to the head: one that fits now and takes nothing the
 * head would need even if every running call ran forever. Holding such a call would starve it needlessly.
 */
function expectNoHarmlessCallWaiting(state: SimulationState): void {
  const [head, ...others] = state.waiting;
  if (head === undefined) return;
  for (const item of others) {
    const isHarmless = item.spec.demand.every(
      (amount, pool) =>
        amount === 0 ||
        (head.spec.demand[pool] ?? 0) === 0 ||
        (state.inUse[pool] as number) + amount + (head.spec.demand[pool] as number) <=
          (state.capacities[pool] as number),
    );
    expect(fitsNow(item, state) && isHarmless, `call ${item.index} waits at ${state.time} for nothing`).toBe(
      false,
    );
  }
}

/** The earliest time `item` fits if every running call ends when it really does (its estimate, in exact runs). */
function reservationOf(item: SimulationItem, state: SimulationState): number {
  const inUse = [...state.inUse];
  const fits = (): boolean =>
    item.spec.demand.every(
      (amount, pool) => (inUse[pool] as number) + amount <= (state.capacities[pool] as number),
    );
  if (fits()) return state.time;
  const byEnd = [...state.running].sort(
    (a, b) => (a.startedAt as number) + a.spec.duration - ((b.startedAt as number) + b.spec.duration),
  );
  for (const running of byEnd) {
    running.spec.demand.forEach((amount, pool) => {
      inUse[pool] = (inUse[pool] as number) - amount;
    });
    if (fits()) return (running.startedAt as number) + running.spec.duration;
  }
  return Number.POSITIVE_INFINITY;
}

describe("pools (property-based, the real scheduler on a virtual clock)", () => {
  it("never goes over a capacity, every call starts (or is cancelled) and ends, and none waits for nothing", () => {
    fc.assert(
      fc.property(
        capacitiesArbitrary,
        fc.array(callArbitrary, { minLength: 1, maxLength: 40 }),
        fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.integer({ min: 1, max: 6 })),
        (capacities, seeds, concurrency) => {
          const calls = seeds.map((seed) => toCall(seed, capacities));
          const isUnlimited = concurrency === Number.POSITIVE_INFINITY;
          const result = simulate({
            capacities,
            calls,
            concurrency,
            onRound: (state) => {
              if (isUnlimited) expectNoHarmlessCallWaiting(state);
            },
          });
          result.maxInUse.forEach((most, pool) => {
            expect(most).toBeLessThanOrEqual(capacities[pool] as number);
          });
          for (const item of result.items) {
            if (item.isCancelled) {
              expect(item.startedAt).toBeUndefined();
              continue;
            }
            expect(item.startedAt).toBeDefined();
            expect(item.endedAt).toBeDefined();
            expect(item.startedAt as number).toBeGreaterThanOrEqual(item.spec.arrival);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("starves no call: a head waits only for calls it cannot run beside, even under a stream of small ones", () => {
    fc.assert(
      fc.property(
        capacitiesArbitrary,
        fc.array(callArbitrary, { minLength: 1, maxLength: 30 }),
        fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.integer({ min: 2, max: 6 })),
        fc.record({ every: fc.integer({ min: 1, max: 4 }), duration: fc.integer({ min: 1, max: 12 }) }),
        (capacities, seeds, concurrency, stream) => {
          const calls = seeds.map((seed) => toCall(seed, capacities));
          const watch = new HeadWatch();
          const result = simulate({
            capacities,
            calls,
            concurrency,
            stream,
            onRound: (state) => watch.observe(state),
          });
          // The stream stops once every other call has started: had one starved, it would have run to its end.
          expect(result.streamCalls).toBeLessThan(5000);
          const longestEstimate = Math.max(stream.duration, ...calls.map((call) => call.estimate));
          const longestDuration = Math.max(stream.duration, ...calls.map((call) => call.duration));
          // Past its deadline (at most an estimate away) only calls that cannot delay it start ahead of it, so a head
          // waits at most for the calls running then to end.
          const bound = longestEstimate + 2 * longestDuration;
          for (const [item, wait] of watch.longestWait) {
            expect(
              wait,
              `call ${item.index} waited ${wait} at the head (bound ${bound})`,
            ).toBeLessThanOrEqual(bound);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("with exact estimates, starts each head by its reservation, and never leaves a head waiting that fits", () => {
    fc.assert(
      fc.property(
        capacitiesArbitrary,
        fc.array(callArbitrary, { minLength: 1, maxLength: 40 }),
        (capacities, seeds) => {
          const calls = seeds.map((seed) => toCall(seed, capacities, { isExact: true, isStatic: true }));
          const reservations = new Map<SimulationItem, number>();
          const result = simulate({
            capacities,
            calls,
            concurrency: Number.POSITIVE_INFINITY,
            onRound: (state) => {
              const head = state.waiting[0];
              if (head === undefined) return;
              expect(fitsNow(head, state), `head ${head.index} fits at ${state.time} but waits`).toBe(false);
              expectNoHarmlessCallWaiting(state);
              if (!reservations.has(head)) reservations.set(head, reservationOf(head, state));
            },
          });
          // Backfilled calls never delayed a head past the reservation it had when it got there.
          for (const [item, reservation] of reservations) {
            expect(item.startedAt as number, `call ${item.index}`).toBeLessThanOrEqual(reservation);
          }
          expect(result.items.every((item) => item.endedAt !== undefined)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

interface PlanCall {
  tool: number;
  dependencies: number[];
  ticks: number;
  /** How many first attempts fail. */
  failures: number;
}

const usesArbitrary = fc.record({
  mask: fc.integer({ min: 1, max: 7 }),
  seeds: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
});

function usesFrom(seed: { mask: number; seeds: number[] }, capacities: number[]): Record<string, number> {
  const uses: Record<string, number> = {};
  capacities.forEach((capacity, pool) => {
    if (seed.mask & (1 << pool)) uses[`p${pool}`] = 1 + ((seed.seeds[pool] as number) % capacity);
  });
  if (Object.keys(uses).length === 0) uses.p0 = 1 + ((seed.seeds[0] as number) % (capacities[0] as number));
  return uses;
}

const executorScenario = fc.record({
  capacities: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
  toolUses: fc.array(usesArbitrary, { minLength: 3, maxLength: 3 }),
  override: fc.option(usesArbitrary, { freq: 3 }),
  estimates: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 3, maxLength: 3 }),
  calls: fc
    .array(
      fc.record({
        tool: fc.integer({ min: 0, max: 3 }),
        dependencyPicks: fc.array(fc.nat(), { maxLength: 3 }),
        ticks: fc.integer({ min: 0, max: 3 }),
        failures: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 2 })),
      }),
      { minLength: 1, maxLength: 30 },
    )
    .map((raw): PlanCall[] =>
      raw.map((call, index) => ({
        tool: call.tool,
        ticks: call.ticks,
        failures: call.failures,
        dependencies: index === 0 ? [] : [...new Set(call.dependencyPicks.map((pick) => pick % index))],
      })),
    ),
  concurrency: fc.integer({ min: 1, max: 8 }),
  runConcurrency: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 2 }),
  toolConcurrency: fc.option(fc.integer({ min: 1, max: 2 }), { freq: 2 }),
  streamWidth: fc.integer({ min: 0, max: 3 }),
  cancelAfterEnds: fc.option(fc.integer({ min: 0, max: 20 }), { freq: 4 }),
});

const streamCap = 1000;

describe("pools (property-based, whole runs on an executor)", () => {
  it("keeps every pool within capacity, ends every run, and starves no call, with failures, retries, cancellations and a stream of small calls beside", async () => {
    await fc.assert(
      fc.asyncProperty(executorScenario, async (scenario) => {
        const { capacities } = scenario;
        const meter = new PoolMeter();
        const specs = new Map(scenario.calls.map((spec, index) => [`c${index}`, spec]));
        const toolUses = scenario.toolUses.map((seed) => usesFrom(seed, capacities));
        const runUses = scenario.override === null ? undefined : usesFrom(scenario.override, capacities);
        const usesOf = (toolIndex: number, runId: string): Record<string, number> =>
          toolIndex === 1 && runId === "plan" && runUses !== undefined
            ? runUses
            : (toolUses[toolIndex] ?? {});
        const makeTool = (toolIndex: number, policy: Partial<Tool>): Tool => ({
          ...policy,
          name: `t${toolIndex}`,
          async execute(_input: unknown, context: ToolContext) {
            const spec = specs.get(context.callId) as PlanCall;
            const uses = usesOf(toolIndex, context.runId);
            const key = `${context.callId}#${context.attempt}`;
            meter.start(key, uses);
            let isCounted = true;
            // The executor gives the pools back the moment it aborts an attempt: count it given back then too.
            const giveBack = (): void => {
              if (isCounted) meter.end(key, uses);
              isCounted = false;
            };
            context.signal.addEventListener("abort", giveBack, { once: true });
            try {
              for (let step = 0; step < spec.ticks; step++)
                await new Promise((resolve) => setImmediate(resolve));
              if (context.attempt <= spec.failures) throw new Error(`planned failure ${context.attempt}`);
              return { callId: context.callId };
            } finally {
              giveBack();
            }
          },
        });
        const estimates = scenario.estimates;
        const executor = new Executor({
          pools: Object.fromEntries(capacities.map((capacity, pool) => [`p${pool}`, capacity])),
          concurrency: scenario.concurrency,
          costModel: fixedCosts,
          random: () => 0,
          tools: [
            makeTool(0, {
              uses: toolUses[0],
              estimateMs: estimates[0],
              concurrency: scenario.toolConcurrency ?? undefined,
            }),
            makeTool(1, { uses: toolUses[1], estimateMs: estimates[1] }),
            makeTool(2, {
              uses: toolUses[2],
              estimateMs: estimates[2],
              idempotent: true,
              retry: { attempts: 3, backoffMs: 0 },
            }),
            makeTool(3, { estimateMs: 1 }),
            // Ranked below every call of the plan (estimate 0, and later in arrival): the stream goes last.
            pooledTool("small", { p0: 1 }, meter, { ticks: 1, extra: { estimateMs: 0 } }),
          ],
        });
        const plan = scenario.calls.map((spec, index) => ({
          id: `c${index}`,
          tool: `t${spec.tool}`,
          args: { unique: index },
          after: spec.dependencies.map((dependency) => `c${dependency}`),
        }));
        const policies: Record<string, ToolPolicy> = runUses === undefined ? {} : { t1: { uses: runUses } };
        let ends = 0;
        const run = executor.run(plan, {
          runId: "plan",
          policies,
          concurrency: scenario.runConcurrency ?? undefined,
          onEvent: (event) => {
            if (event.type === "call-end" && ++ends === scenario.cancelAfterEnds) run.cancel();
          },
        });
        if (scenario.cancelAfterEnds === 0) run.cancel();
        // A stream of small calls that never stops while a call of the plan has yet to start.
        const stream = executor.run([], { runId: "stream", isOpen: true });
        let streamCalls = 0;
        let isPlanDone = false;
        const addSmall = (): void => {
          if (!isPlanDone && streamCalls < streamCap) stream.add({ id: `s${streamCalls++}`, tool: "small" });
        };
        stream.subscribe((event) => {
          if (event.type === "call-end") addSmall();
        });
        for (let index = 0; index < scenario.streamWidth; index++) addSmall();
        const planResult = await within(run.result(), "the plan's run did not end");
        isPlanDone = true;
        stream.end();
        await within(stream.result(), "the stream's run did not end");

        capacities.forEach((capacity, pool) => {
          expect(meter.maxInUse.get(`p${pool}`) ?? 0).toBeLessThanOrEqual(capacity);
        });
        // Had a call of the plan starved, the stream would have run to its cap before the plan could end.
        expect(streamCalls).toBeLessThan(streamCap);
        expect(planResult.calls).toHaveLength(scenario.calls.length);
        if (scenario.cancelAfterEnds === null) {
          const byId = new Map(planResult.calls.map((call) => [call.id, call]));
          for (const [id, spec] of specs) {
            const allowed = spec.tool === 2 ? 3 : 1;
            const dependenciesSucceeded = spec.dependencies.every(
              (dependency) => byId.get(`c${dependency}`)?.status === "succeeded",
            );
            expect(byId.get(id)?.status).toBe(
              dependenciesSucceeded ? (spec.failures < allowed ? "succeeded" : "failed") : "skipped",
            );
          }
        }
        expect(executor.running).toBe(0);
        for (const usage of Object.values(executor.pools()))
          expect(usage).toMatchObject({ inUse: 0, waiting: 0 });
      }),
      { numRuns: 80 },
    );
  });
});

function within<Value>(promise: Promise<Value>, message: string): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(message)), 5000);
    }),
  ]);
}
