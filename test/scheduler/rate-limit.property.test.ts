import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Executor, RateLimitedError, type Tool } from "../../src/index.js";
import { clock, maxInAnyWindow, settle, useVirtualClock } from "./virtual-clock.js";

interface CallSpec {
  tool: number;
  dependencies: number[];
  durationMs: number;
  /** How many first attempts are throttled, and the wait each asks for (undefined: the default wait). */
  throttles: number;
  retryAfterMs: number | undefined;
}

/** Tools 0 and 1 share key "k0", tool 2 has key "k2" alone, tool 3 has no rate limit. */
const keyOfTool = ["k0", "k0", "k2", undefined] as const;

const callsArbitrary = fc
  .array(
    fc.record({
      tool: fc.integer({ min: 0, max: 3 }),
      dependencyPicks: fc.array(fc.nat(), { maxLength: 2 }),
      durationMs: fc.integer({ min: 0, max: 30 }),
      throttles: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 4 })),
      retryAfterMs: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined, freq: 4 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((raw): CallSpec[] =>
    raw.map((call, index) => ({
      tool: call.tool,
      durationMs: call.durationMs,
      throttles: call.throttles,
      retryAfterMs: call.retryAfterMs,
      dependencies: index === 0 ? [] : [...new Set(call.dependencyPicks.map((pick) => pick % index))],
    })),
  );

const rateArbitrary = fc.record({
  requests: fc.integer({ min: 1, max: 4 }),
  perMs: fc.integer({ min: 1, max: 100 }),
});

const scenarioArbitrary = fc.record({
  calls: callsArbitrary,
  rates: fc.record({ k0: rateArbitrary, k2: rateArbitrary }),
  maxThrottles: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
  concurrency: fc.integer({ min: 1, max: 8 }),
  /** A concurrency limit on tool 1, so that some calls of key k0 wait in another admission too. */
  toolOneConcurrency: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
  /** Cancel the run at this time, if set. */
  cancelAtMs: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined, freq: 3 }),
});

describe("rate limits (property-based)", () => {
  it("no key ever starts more than its rate in any window, none starts while paused, and every run ends", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        useVirtualClock();
        {
          const specs = new Map(scenario.calls.map((spec, index) => [`c${index}`, spec]));
          const startsByKey = new Map<string, number[]>();
          /** Throttles by key: how many starts the key had before, and the end of the wait the service asked for. */
          const pauses: { key: string; startsSoFar: number; until: number }[] = [];
          const refusals = new Map<string, { key: string; until: number }>();
          const executions = new Map<string, number>();

          const makeTool = (toolIndex: number): Tool => {
            const key = keyOfTool[toolIndex];
            const rate = key === undefined ? undefined : scenario.rates[key];
            return {
              name: `t${toolIndex}`,
              ...(rate === undefined
                ? {}
                : {
                    rateLimit: {
                      key,
                      requests: rate.requests,
                      per: rate.perMs,
                      maxThrottles: scenario.maxThrottles[toolIndex] as number,
                    },
                  }),
              ...(toolIndex === 1 && scenario.toolOneConcurrency !== undefined
                ? { concurrency: scenario.toolOneConcurrency }
                : {}),
              execute: (_input: unknown, context) =>
                new Promise((resolve, reject) => {
                  const spec = specs.get(context.callId) as CallSpec;
                  const startedAt = clock.now();
                  if (key !== undefined) {
                    const starts = startsByKey.get(key) ?? [];
                    starts.push(startedAt);
                    startsByKey.set(key, starts);
                  }
                  executions.set(context.callId, (executions.get(context.callId) ?? 0) + 1);
                  const timer = clock.schedule(spec.durationMs, () => {
                    if (context.attempt > spec.throttles) {
                      resolve(context.callId);
                      return;
                    }
                    // The pause counts from the moment the service refused; the starts it forbids are those the
                    // executor admitted once it knew, at its call-retry event (a start in the same instant, admitted
                    // before the refusal reached the executor, is not one of them).
                    if (key !== undefined) {
                      refusals.set(context.callId, {
                        key,
                        until: clock.now() + (spec.retryAfterMs ?? 1000),
                      });
                    }
                    reject(new RateLimitedError({ retryAfterMs: spec.retryAfterMs }));
                  });
                  context.signal.addEventListener("abort", () => {
                    timer.cancel();
                    reject(context.signal.reason);
                  });
                }),
            };
          };
          const executor = new Executor({
            clock,
            concurrency: scenario.concurrency,
            tools: [0, 1, 2, 3].map(makeTool),
          });
          const run = executor.run(
            scenario.calls.map((spec, index) => ({
              id: `c${index}`,
              tool: `t${spec.tool}`,
              after: spec.dependencies.map((dependency) => `c${dependency}`),
            })),
            {
              onEvent: (event) => {
                // A call past its maxThrottles fails instead of retrying; the key is paused all the same.
                const isRefusal =
                  event.type === "call-retry" ||
                  (event.type === "call-end" && event.error?.code === "RATE_LIMITED");
                const refusal = isRefusal ? refusals.get(event.callId) : undefined;
                if (refusal === undefined) return;
                refusals.delete((event as { callId: string }).callId);
                pauses.push({ ...refusal, startsSoFar: startsByKey.get(refusal.key)?.length ?? 0 });
              },
            },
          );
          const cancelTimer =
            scenario.cancelAtMs === undefined
              ? undefined
              : clock.schedule(scenario.cancelAtMs, () => run.cancel());
          const result = await settle(run.result());
          cancelTimer?.cancel();

          // Every run ends, with one outcome per call.
          expect(result.calls).toHaveLength(scenario.calls.length);
          for (const [key, starts] of startsByKey) {
            const rate = scenario.rates[key as "k0" | "k2"];
            // Never above the rate, in any window.
            expect(maxInAnyWindow(starts, rate.perMs)).toBeLessThanOrEqual(rate.requests);
            // Never during a pause the service asked for.
            for (const pause of pauses.filter((candidate) => candidate.key === key)) {
              expect(starts.slice(pause.startsSoFar).filter((start) => start < pause.until)).toEqual([]);
            }
          }
          const byId = new Map(result.calls.map((call) => [call.id, call]));
          for (const [id, spec] of specs) {
            const call = byId.get(id);
            if (call === undefined) throw new Error(`no outcome for ${id}`);
            expect(executions.get(id) ?? 0).toBe(call.attempts);
            const maxThrottles =
              keyOfTool[spec.tool] === undefined ? 10 : (scenario.maxThrottles[spec.tool] as number);
            // Throttles are bounded: at most maxThrottles retries, then the call fails with the RateLimitedError.
            expect(call.attempts).toBeLessThanOrEqual(maxThrottles + 1);
            const dependenciesSucceeded = spec.dependencies.every(
              (dependency) => byId.get(`c${dependency}`)?.status === "succeeded",
            );
            if (scenario.cancelAtMs === undefined && dependenciesSucceeded) {
              expect(call.status).toBe(spec.throttles > maxThrottles ? "failed" : "succeeded");
              if (call.status === "failed") expect(call.error?.code).toBe("RATE_LIMITED");
            }
          }
          // Nothing is left behind: no limiter timer once nothing waits.
          expect(clock.pending).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
