import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Executor, type Run, type WeftEvent } from "../../src/index.js";

interface CallSpec {
  dependencies: number[];
  ticks: number;
  fails: boolean;
}

interface RunSpec {
  /** An index into a few shared tenant keys, or undefined for a tenant of its own. */
  tenant: number | undefined;
  weight: number | undefined;
  priority: number;
  /** The run's own concurrency limit. */
  limit: number | undefined;
  /** Created once this many calls of earlier runs have ended. */
  startAfterEnds: number;
  /** Cancelled once this many of its own calls have ended. */
  cancelAfterEnds: number | undefined;
  calls: CallSpec[];
}

const callsArbitrary = fc
  .array(
    fc.record({
      dependencyPicks: fc.array(fc.nat(), { maxLength: 2 }),
      ticks: fc.integer({ min: 0, max: 3 }),
      fails: fc.integer({ min: 0, max: 5 }).map((pick) => pick === 0),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .map((raw): CallSpec[] =>
    raw.map((call, index) => ({
      ticks: call.ticks,
      fails: call.fails,
      dependencies: index === 0 ? [] : [...new Set(call.dependencyPicks.map((pick) => pick % index))],
    })),
  );

const runArbitrary: fc.Arbitrary<RunSpec> = fc.record({
  tenant: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  weight: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  priority: fc.constantFrom(0, 0, 0, 1, -1),
  limit: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  startAfterEnds: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20 })),
  cancelAfterEnds: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined, freq: 5 }),
  calls: callsArbitrary,
});

/** What the test knows of a run, kept from its events as they happen. */
interface RunView {
  spec: RunSpec;
  tenant: string;
  ready: Set<string>;
  running: Set<string>;
  isOpen: boolean;
}

describe("fair share (property-based)", () => {
  it("ends every run, keeps every limit, and gives each freed slot to the tenant furthest below its share", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(runArbitrary, { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 1, max: 6 }),
        async (runSpecs, concurrency) => {
          const specsByRun = new Map<string, RunSpec>();
          const executor = new Executor({
            concurrency,
            tools: [
              {
                name: "tick",
                async execute(_input: unknown, context) {
                  const spec = specsByRun.get(context.runId)?.calls[Number(context.callId.slice(1))];
                  for (let tick = 0; tick < (spec?.ticks ?? 0); tick++)
                    await new Promise((resolve) => setImmediate(resolve));
                  if (spec?.fails) throw new Error("planned failure");
                  return null;
                },
              },
            ],
          });
          const views = new Map<string, RunView>();
          const tenantWeights = new Map<string, number>();
          const violations: string[] = [];
          let globalRunning = 0;
          let totalEnds = 0;
          const runs: Run[] = [];
          const created = new Set<number>();

          const tenantRunning = (tenant: string): number => {
            let running = 0;
            for (const view of views.values()) if (view.tenant === tenant) running += view.running.size;
            return running;
          };
          const shareOf = (tenant: string): number =>
            tenantRunning(tenant) / (tenantWeights.get(tenant) as number);

          const checkStart = (view: RunView, callId: string): void => {
            const priority = view.spec.priority;
            const share = shareOf(view.tenant);
            for (const other of views.values()) {
              if (other === view || !other.isOpen || other.ready.size === 0) continue;
              // A run at its own limit holds its ready calls back: they are not the scheduler's to start.
              if (other.spec.limit !== undefined && other.running.size >= other.spec.limit) continue;
              if (other.spec.priority > priority) {
                violations.push(
                  `${callId} of priority ${priority} started while priority ${other.spec.priority} waited`,
                );
              } else if (other.spec.priority === priority && other.tenant !== view.tenant) {
                const otherShare = shareOf(other.tenant);
                if (share > otherShare + 1e-9) {
                  violations.push(
                    `${view.tenant} (share ${share}) started ${callId} while ${other.tenant} (share ${otherShare}) waited`,
                  );
                }
              }
            }
            globalRunning++;
            view.running.add(callId);
            if (globalRunning > concurrency)
              violations.push(`${globalRunning} running, limit ${concurrency}`);
            if (view.spec.limit !== undefined && view.running.size > view.spec.limit) {
              violations.push(`run over its limit ${view.spec.limit}`);
            }
          };

          const create = (index: number): void => {
            if (created.has(index)) return;
            created.add(index);
            const spec = runSpecs[index] as RunSpec;
            const runId = `r${index}`;
            const tenant = spec.tenant === undefined ? runId : `t${spec.tenant}`;
            const isTenantOpen = [...views.values()].some((view) => view.isOpen && view.tenant === tenant);
            if (!isTenantOpen) tenantWeights.set(tenant, spec.weight ?? 1);
            else if (spec.weight !== undefined) tenantWeights.set(tenant, spec.weight);
            const view: RunView = { spec, tenant, ready: new Set(), running: new Set(), isOpen: true };
            views.set(runId, view);
            specsByRun.set(runId, spec);
            let ownEnds = 0;
            const onEvent = (event: WeftEvent): void => {
              if (event.type === "call-ready") view.ready.add(event.callId);
              else if (event.type === "call-start") {
                view.ready.delete(event.callId);
                checkStart(view, event.callId);
              } else if (event.type === "call-end") {
                view.ready.delete(event.callId);
                if (view.running.delete(event.callId)) globalRunning--;
                totalEnds++;
                ownEnds++;
                if (ownEnds === spec.cancelAfterEnds) queueMicrotask(() => run.cancel());
                for (const [other, otherSpec] of runSpecs.entries()) {
                  if (otherSpec.startAfterEnds <= totalEnds) queueMicrotask(() => create(other));
                }
              } else if (event.type === "run-end") view.isOpen = false;
            };
            const run = executor.run(
              spec.calls.map((call, callIndex) => ({
                id: `c${callIndex}`,
                tool: "tick",
                after: call.dependencies.map((dependency) => `c${dependency}`),
              })),
              {
                runId,
                onEvent,
                ...(spec.tenant === undefined ? {} : { tenant: tenant }),
                ...(spec.weight === undefined ? {} : { weight: spec.weight }),
                ...(spec.limit === undefined ? {} : { concurrency: spec.limit }),
                priority: spec.priority,
              },
            );
            if (spec.cancelAfterEnds === 0) run.cancel();
            runs.push(run);
          };

          for (const [index, spec] of runSpecs.entries()) if (spec.startAfterEnds === 0) create(index);
          const deadline = setTimeout(() => violations.push("the runs did not end"), 5000);
          try {
            // Runs whose turn never came (too few calls ended) start once the others have ended.
            while (
              created.size < runSpecs.length ||
              runs.some((_run, index) => views.get(`r${index}`)?.isOpen)
            ) {
              await Promise.race([
                Promise.all(runs.map((run) => run.result())),
                new Promise((resolve) => setTimeout(resolve, 5)),
              ]);
              if (violations.includes("the runs did not end")) break;
              if (runs.every((_run, index) => !views.get(`r${index}`)?.isOpen)) {
                const next = runSpecs.findIndex((_spec, index) => !created.has(index));
                if (next >= 0) create(next);
              }
            }
          } finally {
            clearTimeout(deadline);
          }
          expect(violations).toEqual([]);
          // Every run ends, with an outcome for each of its calls.
          expect(runs).toHaveLength(runSpecs.length);
          for (const run of runs) {
            const result = await run.result();
            expect(result.calls).toHaveLength((specsByRun.get(run.id) as RunSpec).calls.length);
          }
          expect(executor.running).toBe(0);
          expect(executor.queued).toBe(0);
        },
      ),
      { numRuns: 120 },
    );
  });
});
