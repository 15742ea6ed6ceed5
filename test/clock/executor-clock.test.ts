import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/clock/virtual-clock.js";
import { defineTool, Executor } from "../../src/index.js";

/** A tool's wait on the virtual clock, ending early when its signal aborts (as a well-behaved tool does). */
function wait(clock: VirtualClock, milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = clock.schedule(milliseconds, resolve);
    signal.addEventListener("abort", () => {
      timer.cancel();
      reject(signal.reason);
    });
  });
}

describe("an executor on a VirtualClock", () => {
  it("runs rate limits, timeouts, backoff, hedges and batching windows on the clock it is given", async () => {
    const clock = new VirtualClock();
    const starts: Record<string, number[]> = { api: [], stuck: [], flaky: [], slow: [], batched: [] };
    const record = (name: string) => starts[name]?.push(clock.now());
    const executor = new Executor({
      clock,
      tools: [
        defineTool({
          name: "api",
          rateLimit: { requests: 2, per: 1_000 },
          execute: () => record("api"),
        }),
        defineTool({
          name: "stuck",
          timeoutMs: 30_000,
          execute: (_input, { signal }) => {
            record("stuck");
            return wait(clock, Number.POSITIVE_INFINITY, signal);
          },
        }),
        defineTool({
          name: "flaky",
          idempotent: true,
          retry: { attempts: 2, backoffMs: 10_000 },
          execute: (_input, { attempt }) => {
            record("flaky");
            if (attempt === 1) throw new Error("first attempt fails");
            return "second attempt";
          },
        }),
        defineTool({
          name: "slow",
          idempotent: true,
          hedge: { afterMs: 500 },
          execute: async (_input, { signal }) => {
            record("slow");
            await wait(clock, 2_000, signal);
            return "done";
          },
        }),
        defineTool({
          name: "batched",
          batch: { maxSize: 10, maxWaitMs: 250 },
          execute: () => {
            throw new Error("execute must not be called for a batching tool");
          },
          executeBatch: (inputs) => {
            record("batched");
            return inputs.map(() => "sent");
          },
        }),
      ],
    });
    const plan = [
      ...["a1", "a2", "a3", "a4", "a5"].map((id) => ({ id, tool: "api", args: {} })),
      { id: "stuck", tool: "stuck", args: {} },
      { id: "flaky", tool: "flaky", args: {} },
      { id: "slow", tool: "slow", args: {} },
      { id: "b1", tool: "batched", args: {} },
      { id: "b2", tool: "batched", args: {} },
    ];
    const result = await clock.settle(executor.run(plan).result());

    // Two starts per 1,000 ms, exactly on the window's edges.
    expect(starts.api).toEqual([0, 0, 1_000, 1_000, 2_000]);
    // The timeout fired at 30,000 ms of virtual time.
    const stuck = result.calls.find((call) => call.id === "stuck");
    expect(stuck?.status).toBe("failed");
    expect(stuck?.error?.code).toBe("TOOL_TIMEOUT");
    expect(clock.now()).toBeGreaterThanOrEqual(30_000);
    // The retry waited its backoff (full jitter: up to 10,000 ms) on the clock.
    expect(starts.flaky).toHaveLength(2);
    expect(starts.flaky?.[0]).toBe(0);
    expect(starts.flaky?.[1]).toBeLessThanOrEqual(10_000);
    expect(result.calls.find((call) => call.id === "flaky")?.status).toBe("succeeded");
    // The hedge started 500 ms after the primary; the primary won at 2,000 ms.
    expect(starts.slow).toEqual([0, 500]);
    // The batch was sent when its 250 ms window ended, with both calls.
    expect(starts.batched).toEqual([250]);
    expect(result.calls.filter((call) => call.status === "succeeded")).toHaveLength(9);
  });

  it("refuses a clock without now() and schedule()", () => {
    expect(() => new Executor({ clock: { now: () => 0 } as never })).toThrow(
      "new Executor: options.clock must be an object with the methods now() and schedule(), got an object",
    );
  });
});
