import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Executor, type Tool, type ToolContext } from "../../src/index.js";

/** What one execution of a call does: how long it sleeps, and whether it then fails. */
interface Step {
  ms: number;
  isFailure: boolean;
}

const stepArbitrary = fc.record({ ms: fc.integer({ min: 0, max: 12 }), isFailure: fc.boolean() });

const planArbitrary = fc.record({
  /** Per call: its first execution, then its hedge's. */
  calls: fc.array(fc.tuple(stepArbitrary, stepArbitrary), { minLength: 1, maxLength: 10 }),
  afterMs: fc.integer({ min: 0, max: 6 }),
  limit: fc.oneof(
    fc.record({ kind: fc.constant("concurrency" as const), value: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant("pool" as const), value: fc.integer({ min: 1, max: 3 }) }),
  ),
});

describe("hedged calls, over random plans", () => {
  it("never exceed a limit, run each attempt at most twice, end every call, and leave nothing running", async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, async ({ calls, afterMs, limit }) => {
        const executions = new Map<string, number>();
        const outputs = new Map<string, Set<string>>();
        let running = 0;
        let maxRunning = 0;
        const search: Tool = {
          name: "search",
          idempotent: true,
          hedge: { afterMs },
          ...(limit.kind === "concurrency" ? { concurrency: limit.value } : { uses: { slots: 1 } }),
          async execute(input: { index: number }, context: ToolContext) {
            const count = (executions.get(context.callId) ?? 0) + 1;
            executions.set(context.callId, count);
            const step = (calls[input.index] as [Step, Step])[count === 1 ? 0 : 1];
            const output = `${context.callId}#${count}`;
            running++;
            maxRunning = Math.max(maxRunning, running);
            try {
              await new Promise<void>((resolve, reject) => {
                const timer = setTimeout(resolve, step.ms);
                context.signal.addEventListener("abort", () => {
                  clearTimeout(timer);
                  reject(context.signal.reason);
                });
              });
              if (step.isFailure) throw new Error(`${output} failed`);
              return output;
            } finally {
              running--;
            }
          },
        };
        const executor = new Executor({
          tools: [search],
          ...(limit.kind === "pool" ? { pools: { slots: limit.value } } : {}),
        });
        const result = await executor
          .run({ calls: calls.map((_, index) => ({ id: `c${index}`, tool: "search", args: { index } })) })
          .result();
        expect(maxRunning).toBeLessThanOrEqual(limit.value);
        for (const call of result.calls) {
          const count = executions.get(call.id) ?? 0;
          expect(count).toBeGreaterThanOrEqual(1);
          expect(count).toBeLessThanOrEqual(2);
          expect(call.isHedged).toBe(count === 2);
          expect(["succeeded", "failed"]).toContain(call.status);
          outputs.set(call.id, new Set([`${call.id}#1`, `${call.id}#2`]));
          if (call.status === "succeeded") {
            expect(outputs.get(call.id)?.has(call.output as string)).toBe(true);
            expect(call.isWonByHedge).toBe(call.output === `${call.id}#2`);
          }
        }
        // Losers were aborted and settle: nothing stays running or counted as abandoned.
        for (let turn = 0; turn < 200 && (running > 0 || executor.abandonedAttempts > 0); turn++) {
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        expect(running).toBe(0);
        expect(executor.abandonedAttempts).toBe(0);
        // The limits are free again: one more call starts and ends.
        const again = await executor
          .run({ calls: [{ id: "again", tool: "search", args: { index: 0 } }] })
          .result();
        expect(again.calls[0]?.status).not.toBe("cancelled");
      }),
      { numRuns: 40 },
    );
  });
});
