import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Executor,
  type FailurePolicy,
  type ResourceClaim,
  type Tool,
  ToolResourcesError,
  type WeftEvent,
} from "../../src/index.js";
import { LockWatch } from "./lock-watch.js";

interface CallSpec {
  /** 0: a tool with a concurrency limit; 1: an idempotent tool that retries; 2: a tool with no limit. */
  tool: number;
  claims: ResourceClaim[];
  dependencies: number[];
  ticks: number;
  /** How many first attempts fail. */
  failures: number;
  /** Its tool's `resources` function throws (or returns garbage) for this call. */
  isGarbage: boolean;
  /** Quick calls chained after it, which raise its critical-path rank: ranks then disagree with plan order. */
  tail: number;
}

const keys = ["k0", "k1", "k2", "k3"];

const claimsArbitrary = fc
  .uniqueArray(fc.integer({ min: 0, max: keys.length - 1 }), { maxLength: 3 })
  .chain((picked) =>
    fc
      .tuple(...picked.map(() => fc.constantFrom<ResourceClaim["mode"]>("read", "write")))
      .map((modes) =>
        picked.map(
          (key, index): ResourceClaim => ({ key: keys[key] as string, mode: modes[index] ?? "read" }),
        ),
      ),
  );

const callsArbitrary = fc
  .array(
    fc.record({
      // The tool with a concurrency limit most often: its gate and the locks must never wait on each other.
      tool: fc.constantFrom(0, 0, 1, 2),
      claims: claimsArbitrary,
      dependencyPicks: fc.array(fc.nat(), { maxLength: 2 }),
      ticks: fc.integer({ min: 0, max: 4 }),
      failures: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 2 })),
      isGarbage: fc.integer({ min: 0, max: 9 }).map((value) => value === 0),
      tail: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((raw): CallSpec[] =>
    raw.map((call, index) => ({
      ...call,
      dependencies: index === 0 ? [] : [...new Set(call.dependencyPicks.map((pick) => pick % index))],
    })),
  );

const scenarioArbitrary = fc.record({
  calls: callsArbitrary,
  concurrency: fc.integer({ min: 1, max: 8 }),
  toolLimit: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 3 })),
  retryAttempts: fc.integer({ min: 1, max: 3 }),
  failurePolicy: fc.constantFrom<FailurePolicy>("continue", "fail-fast"),
  /** Cancel the run after this many calls have ended; 0 never. */
  cancelAfterEnds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
});

const conflicts = (left: readonly ResourceClaim[], right: readonly ResourceClaim[]): boolean =>
  left.some((claim) =>
    right.some((other) => other.key === claim.key && (other.mode === "write" || claim.mode === "write")),
  );

describe("resource locks (property-based)", () => {
  it("never overlaps a writer with another holder, ends every run, and lets no later call overtake", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        const specs = scenario.calls;
        const indexOf = (callId: string) => Number(callId.slice(1));
        const watch = new LockWatch();
        const makeTool = (toolIndex: number, policy: Partial<Tool>): Tool => ({
          ...policy,
          name: `t${toolIndex}`,
          resources: (input: { index: number }) => {
            const spec = specs[input.index] as CallSpec;
            if (!spec.isGarbage) return spec.claims;
            if (input.index % 2 === 0) throw new Error("cannot tell");
            return [{ key: 42 }] as unknown as ResourceClaim[];
          },
          execute(input: { index: number }, context) {
            const spec = specs[input.index] as CallSpec;
            watch.enter(context.callId, spec.claims);
            let isInside = true;
            const leave = () => {
              if (!isInside) return;
              isInside = false;
              watch.leave(context.callId, spec.claims);
            };
            // A polite tool: once its signal is aborted it touches nothing more, so it leaves its keys at once.
            context.signal.addEventListener("abort", leave);
            return (async () => {
              try {
                for (let tick = 0; tick < spec.ticks; tick++) {
                  await new Promise((resolve) => setImmediate(resolve));
                }
                if (context.attempt <= spec.failures) throw new Error(`planned failure ${context.attempt}`);
                return input.index;
              } finally {
                leave();
              }
            })();
          },
        });
        const executor = new Executor({
          concurrency: scenario.concurrency,
          failurePolicy: scenario.failurePolicy,
          random: () => 0,
          tools: [
            makeTool(0, { concurrency: scenario.toolLimit }),
            makeTool(1, { idempotent: true, retry: { attempts: scenario.retryAttempts, backoffMs: 0 } }),
            makeTool(2, {}),
            { name: "tail", execute: () => undefined },
          ],
        });
        const events: WeftEvent[] = [];
        let ends = 0;
        const run = executor.run(
          specs.flatMap((spec, index) => [
            {
              id: `c${index}`,
              tool: `t${spec.tool}`,
              args: { index },
              after: spec.dependencies.map((dependency) => `c${dependency}`),
            },
            ...Array.from({ length: spec.tail }, (_, link) => ({
              id: `tail${index}-${link}`,
              tool: "tail",
              after: [link === 0 ? `c${index}` : `tail${index}-${link - 1}`],
            })),
          ]),
          {
            onEvent: (event) => {
              events.push(event);
              if (event.type === "call-end" && ++ends === scenario.cancelAfterEnds) run.cancel();
            },
          },
        );
        const result = await Promise.race([
          run.result(),
          new Promise<never>((_resolve, reject) =>
            setTimeout(() => reject(new Error("the run did not end")), 3000),
          ),
        ]);

        // Every run ends, with an outcome for every call, and nothing left holding a slot.
        const tails = specs.reduce((sum, spec) => sum + spec.tail, 0);
        expect(result.calls).toHaveLength(specs.length + tails);
        const outcomes = new Map(result.calls.map((call) => [call.id, call]));
        expect(executor.running).toBe(0);
        // No two writers of one key, and no reader and writer, were ever inside their tools at once.
        expect(watch.conflicts).toEqual([]);

        // No call is starved: from the moment a call is ready until it starts, no later call that conflicts with it
        // starts, so it waits at most for the conflicting calls ahead of it in the plan.
        const readySince = new Map<number, number>();
        events.forEach((event, position) => {
          if ((event.type === "call-ready" || event.type === "call-start") && !event.callId.startsWith("c"))
            return;
          if (event.type === "call-ready") readySince.set(indexOf(event.callId), position);
          if (event.type !== "call-start") return;
          const started = indexOf(event.callId);
          const claims = (specs[started] as CallSpec).claims;
          for (const [waiting, since] of readySince) {
            if (waiting >= started || !conflicts(claims, (specs[waiting] as CallSpec).claims)) continue;
            throw new Error(
              `c${started} started while c${waiting}, ahead of it and in conflict, waited since event ${since}`,
            );
          }
          readySince.delete(started);
        });
        for (const [, position] of readySince) {
          // A call still waiting at the end was cancelled before it could start.
          expect(["cancelled", "skipped"]).toContain(
            outcomes.get((events[position] as { callId: string }).callId)?.status,
          );
        }

        for (const [index, spec] of specs.entries()) {
          const outcome = outcomes.get(`c${index}`);
          if (spec.isGarbage && outcome?.attempts === 0 && outcome.status === "failed") {
            expect(ToolResourcesError.isInstance(outcome.error)).toBe(true);
          }
          if (spec.isGarbage) expect(outcome?.attempts).toBe(0);
        }
        if (scenario.failurePolicy === "continue" && scenario.cancelAfterEnds === 0) {
          for (const [index, spec] of specs.entries()) {
            const outcome = outcomes.get(`c${index}`);
            const allowed = spec.tool === 1 ? scenario.retryAttempts : 1;
            const dependenciesSucceeded = spec.dependencies.every(
              (dependency) => outcomes.get(`c${dependency}`)?.status === "succeeded",
            );
            const expected = !dependenciesSucceeded
              ? "skipped"
              : spec.isGarbage || spec.failures >= allowed
                ? "failed"
                : "succeeded";
            expect(outcome?.status).toBe(expected);
          }
        }
      }),
      // A wedged run costs its whole timeout: report the first one found rather than shrink it.
      { numRuns: 600, endOnFailure: true },
    );
  });
});
