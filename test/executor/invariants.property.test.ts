import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Executor, type FailurePolicy, type Tool } from "../../src/index.js";

interface CallSpec {
  tool: number;
  dependencies: number[];
  ticks: number;
  /** How many first attempts fail. */
  failures: number;
}

const toolCount = 3;

const callsArbitrary = fc
  .array(
    fc.record({
      tool: fc.integer({ min: 0, max: toolCount - 1 }),
      dependencyPicks: fc.array(fc.nat(), { maxLength: 3 }),
      ticks: fc.integer({ min: 0, max: 4 }),
      failures: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 3 })),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((raw): CallSpec[] =>
    raw.map((call, index) => ({
      tool: call.tool,
      ticks: call.ticks,
      failures: call.failures,
      dependencies: index === 0 ? [] : [...new Set(call.dependencyPicks.map((pick) => pick % index))],
    })),
  );

const scenarioArbitrary = fc.record({
  calls: callsArbitrary,
  concurrency: fc.integer({ min: 1, max: 8 }),
  toolLimits: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 })),
  failurePolicy: fc.constantFrom<FailurePolicy>("continue", "fail-fast"),
  retryAttempts: fc.integer({ min: 1, max: 3 }),
});

describe("scheduler invariants (property-based)", () => {
  it("holds every invariant on random plans, limits and failures", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        let tick = 0;
        let running = 0;
        let maxRunning = 0;
        const runningByTool = [0, 0, 0];
        const maxByTool = [0, 0, 0];
        const executions = new Map<string, number>();
        const startTick = new Map<string, number>();
        const endTick = new Map<string, number>();
        const specs = new Map(scenario.calls.map((spec, index) => [`c${index}`, spec]));

        const makeTool = (toolIndex: number, policy: Partial<Tool>): Tool => ({
          ...policy,
          name: `t${toolIndex}`,
          async execute(_input: unknown, context) {
            const spec = specs.get(context.callId) as CallSpec;
            running++;
            runningByTool[toolIndex] = (runningByTool[toolIndex] as number) + 1;
            maxRunning = Math.max(maxRunning, running);
            maxByTool[toolIndex] = Math.max(
              maxByTool[toolIndex] as number,
              runningByTool[toolIndex] as number,
            );
            executions.set(context.callId, (executions.get(context.callId) ?? 0) + 1);
            if (!startTick.has(context.callId)) startTick.set(context.callId, tick++);
            try {
              for (let step = 0; step < spec.ticks; step++)
                await new Promise((resolve) => setImmediate(resolve));
              if (context.attempt <= spec.failures) throw new Error(`planned failure ${context.attempt}`);
              return { callId: context.callId };
            } finally {
              running--;
              runningByTool[toolIndex] = (runningByTool[toolIndex] as number) - 1;
              endTick.set(context.callId, tick++);
            }
          },
        });
        const [limit0, limit1] = scenario.toolLimits;
        const executor = new Executor({
          concurrency: scenario.concurrency,
          failurePolicy: scenario.failurePolicy,
          random: () => 0,
          tools: [
            makeTool(0, { concurrency: limit0 }),
            makeTool(1, { concurrency: limit1 }),
            makeTool(2, { idempotent: true, retry: { attempts: scenario.retryAttempts, backoffMs: 0 } }),
          ],
        });
        const plan = {
          calls: scenario.calls.map((spec, index) => ({
            id: `c${index}`,
            tool: `t${spec.tool}`,
            args: {
              unique: index,
              from: spec.dependencies.map((dependency) => ({ $ref: `c${dependency}` })),
            },
          })),
        };
        const result = await executor.run(plan).result();
        const byId = new Map(result.calls.map((call) => [call.id, call]));

        // Every run ends, with one outcome per call.
        expect(result.calls).toHaveLength(scenario.calls.length);
        // No limit is ever exceeded.
        expect(maxRunning).toBeLessThanOrEqual(scenario.concurrency);
        expect(maxByTool[0]).toBeLessThanOrEqual(limit0);
        expect(maxByTool[1]).toBeLessThanOrEqual(limit1);

        for (const [id, spec] of specs) {
          const call = byId.get(id);
          if (call === undefined) throw new Error(`no outcome for ${id}`);
          const ran = executions.get(id) ?? 0;
          // Every call runs at most once per attempt, and only idempotent tools get more than one attempt.
          expect(ran).toBe(call.attempts);
          expect(call.attempts).toBeLessThanOrEqual(spec.tool === 2 ? scenario.retryAttempts : 1);
          // No call starts before its dependencies succeed.
          if (ran > 0) {
            for (const dependency of spec.dependencies) {
              expect(byId.get(`c${dependency}`)?.status).toBe("succeeded");
              expect(endTick.get(`c${dependency}`) as number).toBeLessThan(startTick.get(id) as number);
            }
          }
          const allowed = spec.tool === 2 ? scenario.retryAttempts : 1;
          const dependenciesSucceeded = spec.dependencies.every(
            (dependency) => byId.get(`c${dependency}`)?.status === "succeeded",
          );
          if (call.status === "succeeded") expect(spec.failures).toBeLessThan(allowed);
          if (!dependenciesSucceeded) expect(["skipped", "cancelled"]).toContain(call.status);
          if (scenario.failurePolicy === "continue") {
            // Nothing is lost: every call whose inputs were ready ran to its own outcome.
            expect(call.status).toBe(
              dependenciesSucceeded ? (spec.failures < allowed ? "succeeded" : "failed") : "skipped",
            );
          }
        }
        const anyFailed = result.calls.some((call) => call.status !== "succeeded");
        expect(result.status).toBe(anyFailed ? "failed" : "succeeded");
      }),
      { numRuns: 150 },
    );
  });
});

describe("every run ends (property-based)", () => {
  it("ends with a final outcome for every call when cancelled at any point, with timeouts and stubborn tools", async () => {
    await fc.assert(
      fc.asyncProperty(
        callsArbitrary,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        async (calls, cancelAfterEnds, concurrency, isOpen) => {
          const specs = new Map(calls.map((spec, index) => [`c${index}`, spec]));
          const stubborn = {
            name: "stubborn",
            timeoutMs: 5,
            // Ignores its signal entirely; only the timeout can end its attempts.
            execute: (_input: unknown, context: { callId: string }) =>
              new Promise((resolve) => setTimeout(resolve, (specs.get(context.callId)?.ticks ?? 0) * 4)),
          };
          const polite = {
            name: "polite",
            execute: (_input: unknown, context: { callId: string; signal: AbortSignal }) =>
              new Promise((resolve, reject) => {
                const timer = setTimeout(resolve, specs.get(context.callId)?.ticks ?? 0);
                context.signal.addEventListener("abort", () => {
                  clearTimeout(timer);
                  reject(context.signal.reason);
                });
              }),
          };
          const executor = new Executor({ concurrency, tools: [stubborn, polite] });
          const controller = new AbortController();
          const plan = calls.map((spec, index) => ({
            id: `c${index}`,
            tool: spec.tool === 0 ? "stubborn" : "polite",
            after: spec.dependencies.map((dependency) => `c${dependency}`),
          }));
          let ends = 0;
          const run = executor.run(isOpen ? [] : plan, {
            signal: controller.signal,
            isOpen,
            onEvent: (event) => {
              if (event.type === "call-end" && ++ends === cancelAfterEnds) controller.abort();
            },
          });
          if (isOpen) {
            for (const call of plan) run.add(call);
            run.end();
          }
          if (cancelAfterEnds === 0) controller.abort();
          const result = await Promise.race([
            run.result(),
            new Promise<never>((_resolve, reject) =>
              setTimeout(() => reject(new Error("the run did not end")), 3000),
            ),
          ]);
          expect(result.calls).toHaveLength(calls.length);
          for (const call of result.calls) {
            expect(["succeeded", "failed", "skipped", "cancelled"]).toContain(call.status);
            if (call.status === "succeeded") expect(call.endMs).not.toBeNull();
          }
          expect(executor.running).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
