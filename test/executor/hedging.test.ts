import { describe, expect, it } from "vitest";
import {
  defineTool,
  Executor,
  TimelineBuilder,
  type Tool,
  type ToolContext,
  ToolTimeoutError,
  type WeftEvent,
} from "../../src/index.js";
import { type Deferred, deferred } from "../helpers.js";

/** One execution of a call's code: the primary attempt or its hedge. */
interface Execution {
  callId: string;
  signal: AbortSignal;
  outcome: Deferred<unknown>;
}

/**
 * A hedged tool whose executions end only when the test says so (or when aborted, as a well-behaved tool does),
 * recording how many run at once.
 */
function controlledTool(extra: Partial<Tool> = {}) {
  const executions: Execution[] = [];
  const state = { running: 0, maxRunning: 0 };
  const tool: Tool = {
    name: "search",
    idempotent: true,
    hedge: { afterMs: 2 },
    ...extra,
    async execute(_input: unknown, context: ToolContext) {
      const outcome = deferred<unknown>();
      executions.push({ callId: context.callId, signal: context.signal, outcome });
      context.signal.addEventListener("abort", () => outcome.reject(context.signal.reason));
      state.running++;
      state.maxRunning = Math.max(state.maxRunning, state.running);
      try {
        return await outcome.promise;
      } finally {
        state.running--;
      }
    },
  };
  return { tool, executions, state };
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 500; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("hedged calls", () => {
  it("starts one duplicate after afterMs; the hedge's success wins and the primary's signal is aborted", async () => {
    const { tool, executions } = controlledTool();
    const executor = new Executor({ tools: [tool] });
    const events: WeftEvent[] = [];
    const run = executor.run(
      { calls: [{ id: "q", tool: "search" }] },
      { onEvent: (event) => events.push(event) },
    );
    await waitUntil(() => executions.length === 2, "the hedge starts");
    const [primary, hedge] = executions as [Execution, Execution];
    expect(hedge.callId).toBe("q");
    expect(hedge.signal).not.toBe(primary.signal);
    hedge.outcome.resolve("from the hedge");
    const result = await run.result();
    expect(result.calls[0]).toMatchObject({
      status: "succeeded",
      output: "from the hedge",
      attempts: 1,
      isHedged: true,
      isWonByHedge: true,
    });
    expect(primary.signal.aborted).toBe(true);
    expect(hedge.signal.aborted).toBe(false);
    const hedgeEvents = events.filter((event) => event.type === "call-hedge");
    expect(hedgeEvents).toEqual([expect.objectContaining({ callId: "q", attempt: 1 })]);
    expect((hedgeEvents[0] as { afterMs: number }).afterMs).toBeGreaterThanOrEqual(1);
    // The loser's code settles once aborted: nothing is left counted as abandoned.
    await waitUntil(() => executor.abandonedAttempts === 0, "the loser settles");
    // The call-end says the hedge won, and the timeline gives the hedge the call's outcome.
    expect(events.find((event) => event.type === "call-end")).toMatchObject({ isWonByHedge: true });
    const builder = new TimelineBuilder();
    for (const event of events) builder.add(event);
    const attempts = builder.snapshot().calls[0]?.attempts ?? [];
    expect(attempts.map((attempt) => [attempt.isHedge, attempt.outcome])).toEqual([
      [false, "cancelled"],
      [true, "succeeded"],
    ]);
  });

  it("aborts the hedge when the primary succeeds first", async () => {
    const { tool, executions } = controlledTool();
    const executor = new Executor({ tools: [tool] });
    const run = executor.run({ calls: [{ id: "q", tool: "search" }] });
    await waitUntil(() => executions.length === 2, "the hedge starts");
    executions[0]?.outcome.resolve("from the primary");
    const result = await run.result();
    expect(result.calls[0]).toMatchObject({
      output: "from the primary",
      isHedged: true,
      isWonByHedge: false,
    });
    expect(executions[1]?.signal.aborted).toBe(true);
    expect(executions[0]?.signal.aborted).toBe(false);
  });

  it("waits for the hedge when the primary fails, and fails with the primary's error when both do", async () => {
    const { tool, executions } = controlledTool();
    const executor = new Executor({ tools: [tool] });
    const first = executor.run({ calls: [{ id: "q", tool: "search" }] });
    let isEnded = false;
    void first.result().then(() => {
      isEnded = true;
    });
    await waitUntil(() => executions.length === 2, "the hedge starts");
    executions[0]?.outcome.reject(new Error("primary broke"));
    await pause(20);
    expect(isEnded).toBe(false);
    expect(executions[1]?.signal.aborted).toBe(false);
    executions[1]?.outcome.resolve("rescued");
    expect((await first.result()).calls[0]).toMatchObject({ status: "succeeded", output: "rescued" });

    const second = executor.run({ calls: [{ id: "r", tool: "search" }] });
    await waitUntil(() => executions.length === 4, "the second hedge starts");
    executions[3]?.outcome.reject(new Error("hedge broke"));
    await pause(10);
    executions[2]?.outcome.reject(new Error("primary broke"));
    const failed = (await second.result()).calls[0];
    expect(failed?.status).toBe("failed");
    expect(failed?.error?.cause).toMatchObject({ message: "primary broke" });
  });

  it("starts at most one hedge per attempt, and one again for a retry", async () => {
    const { tool, executions } = controlledTool({
      hedge: { afterMs: 1 },
      retry: { attempts: 2, backoffMs: 0 },
    });
    const executor = new Executor({ tools: [tool] });
    const run = executor.run({ calls: [{ id: "q", tool: "search" }] });
    await waitUntil(() => executions.length === 2, "the hedge starts");
    await pause(30);
    expect(executions).toHaveLength(2);
    executions[0]?.outcome.reject(new Error("first"));
    executions[1]?.outcome.reject(new Error("second"));
    await waitUntil(() => executions.length === 4, "the retry and its hedge start");
    await pause(30);
    expect(executions).toHaveLength(4);
    executions[2]?.outcome.resolve("done");
    expect((await run.result()).calls[0]).toMatchObject({ status: "succeeded", attempts: 2, isHedged: true });
  });

  it("hedges with `hedge: true` only after 20 durations, once an attempt outlasts their p95", async () => {
    let executions = 0;
    const started = new Map<string, number>();
    const search: Tool = {
      name: "search",
      idempotent: true,
      hedge: true,
      async execute(input: { ms: number; index: number }, context: ToolContext) {
        executions++;
        const count = (started.get(context.callId) ?? 0) + 1;
        started.set(context.callId, count);
        // The primary of a slow call takes long; its hedge, the second execution, is as quick as the others.
        const ms = count === 1 ? input.ms : 3;
        await new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, ms);
          context.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(context.signal.reason);
          });
        });
        return count;
      },
    };
    const executor = new Executor({ tools: [search] });
    const calls = (prefix: string, count: number, ms: number) =>
      Array.from({ length: count }, (_, index) => ({
        id: `${prefix}${index}`,
        tool: "search",
        // Distinct inputs: identical calls of an idempotent tool would share one execution.
        args: { ms, index },
      }));
    const early = await executor.run({ calls: [...calls("fast", 10, 3), ...calls("slow", 1, 80)] }).result();
    expect(early.calls.every((call) => !call.isHedged)).toBe(true);
    expect(executions).toBe(11);
    await executor.run({ calls: calls("more", 12, 3) }).result();
    const events: WeftEvent[] = [];
    const late = await executor
      .run({ calls: calls("tail", 1, 2000) }, { onEvent: (event) => events.push(event) })
      .result();
    expect(late.calls[0]).toMatchObject({
      status: "succeeded",
      output: 2,
      isHedged: true,
      isWonByHedge: true,
    });
    const hedge = events.find((event) => event.type === "call-hedge") as { afterMs: number } | undefined;
    // Past the p95 of the durations seen (about 3 ms, 80 at most), long before the primary's 2 s.
    expect(hedge?.afterMs).toBeGreaterThanOrEqual(2);
    expect(hedge?.afterMs).toBeLessThan(1000);
  });

  it("keeps hedges within a tool's concurrency limit", async () => {
    const { tool, executions, state } = controlledTool({ concurrency: 2 });
    const executor = new Executor({ tools: [tool] });
    const run = executor.run({
      calls: [
        { id: "a", tool: "search", args: { n: 1 } },
        { id: "b", tool: "search", args: { n: 2 } },
      ],
    });
    await waitUntil(() => executions.length === 2, "both calls start");
    await pause(30);
    expect(executions).toHaveLength(2);
    executions[0]?.outcome.resolve("a");
    // The slot a's primary gave back goes to b's hedge, which waited for it.
    await waitUntil(() => executions.length === 3, "b's hedge starts");
    expect(executions[2]?.callId).toBe("b");
    executions[2]?.outcome.resolve("b from its hedge");
    const result = await run.result();
    expect(result.calls.map((call) => [call.id, call.isWonByHedge])).toEqual([
      ["a", false],
      ["b", true],
    ]);
    expect(state.maxRunning).toBe(2);
  });

  it("keeps hedges within the executor's concurrency, a pool and a rate limit", async () => {
    for (const options of [
      { concurrency: 1 },
      { pools: { cpu: 1 }, uses: { cpu: 1 } },
      { rateLimit: { requests: 1, per: 60_000 } },
    ]) {
      const { concurrency, pools, ...policy } = options as {
        concurrency?: number;
        pools?: Record<string, number>;
      } & Partial<Tool>;
      const { tool, executions } = controlledTool(policy);
      const executor = new Executor({
        tools: [tool],
        ...(concurrency === undefined ? {} : { concurrency }),
        ...(pools === undefined ? {} : { pools }),
      });
      const run = executor.run({ calls: [{ id: "q", tool: "search" }] });
      await pause(30);
      expect(executions).toHaveLength(1);
      executions[0]?.outcome.resolve("alone");
      expect((await run.result()).calls[0]).toMatchObject({ output: "alone", isHedged: false });
      expect(executions).toHaveLength(1);
    }
  });

  it("hedges calls that read a key, never calls that write one", async () => {
    const { tool, executions } = controlledTool({
      resources: (input: { mode: "read" | "write" }) => [{ key: "index", mode: input.mode }],
    });
    const executor = new Executor({ tools: [tool] });
    const reader = executor.run({ calls: [{ id: "r", tool: "search", args: { mode: "read" } }] });
    await waitUntil(() => executions.length === 2, "the reader's hedge starts");
    executions[1]?.outcome.resolve("read");
    expect((await reader.result()).calls[0]).toMatchObject({ isWonByHedge: true });
    const writer = executor.run({ calls: [{ id: "w", tool: "search", args: { mode: "write" } }] });
    await waitUntil(() => executions.length === 3, "the writer starts");
    await pause(30);
    expect(executions).toHaveLength(3);
    executions[2]?.outcome.resolve("written");
    expect((await writer.result()).calls[0]).toMatchObject({ isHedged: false });
  });

  it("aborts both attempts when the run is cancelled, or the attempt times out", async () => {
    const { tool, executions } = controlledTool();
    const executor = new Executor({ tools: [tool] });
    const run = executor.run({ calls: [{ id: "q", tool: "search" }] });
    await waitUntil(() => executions.length === 2, "the hedge starts");
    run.cancel();
    expect((await run.result()).calls[0]?.status).toBe("cancelled");
    expect(executions.map((execution) => execution.signal.aborted)).toEqual([true, true]);
    await waitUntil(() => executor.abandonedAttempts === 0, "both settle");

    const timed = controlledTool({ timeoutMs: 40 });
    const timing = new Executor({ tools: [timed.tool] });
    const result = await timing.run({ calls: [{ id: "t", tool: "search" }] }).result();
    expect(ToolTimeoutError.isInstance(result.calls[0]?.error)).toBe(true);
    expect(timed.executions.map((execution) => execution.signal.aborted)).toEqual([true, true]);
    await waitUntil(() => timing.abandonedAttempts === 0, "both settle");
  });

  it("counts a loser that ignores its signal in its run's abandoned attempts, and the executor's, until it settles", async () => {
    // Neither execution listens to its signal: the loser runs on after the call has its output.
    const outcomes: Deferred<unknown>[] = [];
    const stubborn: Tool = {
      name: "stubborn",
      idempotent: true,
      hedge: { afterMs: 2 },
      execute() {
        const outcome = deferred<unknown>();
        outcomes.push(outcome);
        return outcome.promise;
      },
    };
    const executor = new Executor({ tools: [stubborn] });
    // The hedge wins; the primary is the loser.
    const hedgeWins = executor.run([{ id: "q", tool: "stubborn" }]);
    await waitUntil(() => outcomes.length === 2, "the hedge starts");
    outcomes[1]?.resolve("from the hedge");
    const first = await hedgeWins.result();
    expect(first.calls[0]).toMatchObject({ status: "succeeded", isWonByHedge: true });
    expect(first.abandoned).toBe(1);
    expect(executor.abandonedAttempts).toBe(1);
    // The primary wins; the hedge is the loser, while the first run's loser still runs.
    const primaryWins = executor.run([{ id: "q", tool: "stubborn" }]);
    await waitUntil(() => outcomes.length === 4, "the second hedge starts");
    outcomes[2]?.resolve("from the primary");
    const second = await primaryWins.result();
    expect(second.calls[0]).toMatchObject({
      status: "succeeded",
      output: "from the primary",
      isHedged: true,
    });
    expect(second.abandoned).toBe(1);
    expect(executor.abandonedAttempts).toBe(2);
    outcomes[0]?.resolve("late");
    outcomes[3]?.reject(new Error("late"));
    await waitUntil(() => executor.abandonedAttempts === 0, "both losers settle");
  });

  it("refuses hedge on a tool that is not idempotent or whose hints make it write, naming the tool and field", () => {
    const execute = () => "x";
    expect(() => defineTool({ name: "post", hedge: true, execute })).toThrow(
      /Tool "post": `hedge` is set but the tool is not idempotent/,
    );
    expect(() =>
      defineTool({
        name: "db.drop",
        idempotent: true,
        annotations: { destructiveHint: true },
        hedge: true,
        execute,
      }),
    ).toThrow(/Tool "db\.drop": `hedge` is set but .*write lock/);
    expect(() => defineTool({ name: "s", idempotent: true, hedge: "yes" as never, execute })).toThrow(
      /Tool "s": expected `hedge` to be a boolean or \{ afterMs \}, got string "yes"/,
    );
    expect(() => defineTool({ name: "s", idempotent: true, hedge: { afterMs: -1 }, execute })).toThrow(
      RangeError,
    );
    const executor = new Executor({ tools: [{ name: "s", execute }] });
    expect(() => executor.run({ calls: [] }, { policies: { s: { hedge: true } } })).toThrow(
      /Tool "s": `hedge` is set but the tool is not idempotent/,
    );
  });
});
