import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CancelledError,
  DependencyFailedError,
  defineTool,
  Executor,
  ToolExecutionError,
  ToolTimeoutError,
} from "../../src/index.js";
import { deferred, Recorder, recordingTool } from "../helpers.js";

const boom = { name: "boom", execute: () => Promise.reject(new Error("kaboom")) };

describe("failures", () => {
  it("continues by default: dependents of a failed call are skipped, everything else runs", async () => {
    const recorder = new Recorder();
    const executor = new Executor({ tools: [boom, recordingTool("work", recorder)] });
    const result = await executor
      .run({
        calls: [
          { id: "bad", tool: "boom" },
          { id: "child", tool: "work", args: { from: { $ref: "bad" } } },
          { id: "grandchild", tool: "work", after: ["child"] },
          { id: "other", tool: "work" },
          { id: "otherChild", tool: "work", after: ["other"] },
        ],
      })
      .result();
    const byId = Object.fromEntries(result.calls.map((call) => [call.id, call]));
    expect(result.status).toBe("failed");
    expect(byId.bad?.status).toBe("failed");
    expect(byId.bad?.error?.code).toBe("TOOL_FAILED");
    expect(ToolExecutionError.isInstance(byId.bad?.error)).toBe(true);
    expect(byId.bad?.error?.cause).toMatchObject({ message: "kaboom" });
    expect(byId.child?.status).toBe("skipped");
    expect(DependencyFailedError.isInstance(byId.child?.error)).toBe(true);
    expect(byId.grandchild?.status).toBe("skipped");
    expect(byId.grandchild?.error?.message).toContain('"child"');
    expect(byId.other?.status).toBe("succeeded");
    expect(byId.otherChild?.status).toBe("succeeded");
    expect(recorder.starts.sort()).toEqual(["other", "otherChild"]);
  });

  it("fail-fast aborts running calls and skips the rest", async () => {
    const aborted: string[] = [];
    const hang = {
      name: "hang",
      execute: (_input: unknown, context: { signal: AbortSignal; callId: string }) =>
        new Promise((_resolve, reject) => {
          context.signal.addEventListener("abort", () => {
            aborted.push(context.callId);
            reject(context.signal.reason);
          });
        }),
    };
    const failLater = {
      name: "failLater",
      execute: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error("late failure");
      },
    };
    const executor = new Executor({ tools: [hang, failLater], concurrency: 3 });
    const result = await executor
      .run(
        {
          calls: [
            { id: "h1", tool: "hang" },
            { id: "h2", tool: "hang" },
            { id: "f", tool: "failLater" },
            { id: "queued", tool: "hang" },
            { id: "dependent", tool: "hang", after: ["h1"] },
          ],
        },
        { failurePolicy: "fail-fast" },
      )
      .result();
    const status = Object.fromEntries(result.calls.map((call) => [call.id, call.status]));
    expect(status).toEqual({
      h1: "cancelled",
      h2: "cancelled",
      f: "failed",
      queued: "skipped",
      dependent: "skipped",
    });
    expect(aborted.sort()).toEqual(["h1", "h2"]);
    expect(CancelledError.isInstance(result.calls[0]?.error)).toBe(true);
  });

  it("cancels the whole run when its signal is aborted, and reports what finished", async () => {
    const controller = new AbortController();
    const recorder = new Recorder();
    const never = deferred();
    const executor = new Executor({
      tools: [
        recordingTool("work", recorder, {
          gate: (callId) => (callId === "quick" ? undefined : never.promise),
        }),
      ],
    });
    const run = executor.run(
      {
        calls: [
          { id: "quick", tool: "work" },
          { id: "stuck", tool: "work" },
          { id: "later", tool: "work", after: ["stuck"] },
        ],
      },
      { signal: controller.signal },
    );
    run.subscribe((event) => {
      if (event.type === "call-end" && event.callId === "quick")
        controller.abort(new Error("user pressed stop"));
    });
    const result = await run.result();
    const status = Object.fromEntries(result.calls.map((call) => [call.id, call.status]));
    expect(result.status).toBe("cancelled");
    expect(status).toEqual({ quick: "succeeded", stuck: "cancelled", later: "cancelled" });
    expect(result.calls[1]?.error?.message).toContain("user pressed stop");
    expect(result.abandoned).toBe(1);
  });

  it("times out an attempt even when the tool ignores its signal, frees the slot and counts the work", async () => {
    const executor = new Executor({ concurrency: 1 });
    let signalAborted = false;
    const stubborn = deferred();
    executor.register({
      name: "stubborn",
      timeoutMs: 20,
      execute: (_input: unknown, context: { signal: AbortSignal }) => {
        context.signal.addEventListener("abort", () => {
          signalAborted = true;
        });
        return stubborn.promise;
      },
    });
    executor.register({ name: "quick", execute: () => "done" });
    const result = await executor
      .run({
        calls: [
          { id: "slow", tool: "stubborn" },
          { id: "next", tool: "quick" },
        ],
      })
      .result();
    expect(result.calls[0]?.status).toBe("failed");
    expect(ToolTimeoutError.isInstance(result.calls[0]?.error)).toBe(true);
    expect(result.calls[0]?.error?.message).toContain("timed out after 20 ms");
    expect(signalAborted).toBe(true);
    // The only slot went to the next call although the stubborn tool never stopped.
    expect(result.calls[1]?.status).toBe("succeeded");
    expect(result.abandoned).toBe(1);
    expect(executor.abandonedAttempts).toBe(1);
    stubborn.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(executor.abandonedAttempts).toBe(0);
  });

  it("restarts the timeout on each progress report when the tool asks, and still times out a silent attempt", async () => {
    const steps = 12;
    const executor = new Executor();
    executor.register({
      name: "reporter",
      timeoutMs: 300,
      resetTimeoutOnProgress: true,
      execute: async (input: { silentAfter?: number }, context) => {
        for (let step = 1; step <= steps; step++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          if (context.signal.aborted) throw context.signal.reason;
          if (input.silentAfter === undefined || step <= input.silentAfter) context.progress({ step });
        }
        return "all steps";
      },
    });
    const [kept, silent, notReset] = await Promise.all([
      executor.run({ calls: [{ id: "kept", tool: "reporter", args: {} }] }).result(),
      executor.run({ calls: [{ id: "silent", tool: "reporter", args: { silentAfter: 2 } }] }).result(),
      executor
        .run(
          { calls: [{ id: "notReset", tool: "reporter", args: {} }] },
          { policies: { reporter: { resetTimeoutOnProgress: false } } },
        )
        .result(),
    ]);
    // 12 steps of 50 ms run past 300 ms in all three; only the one that kept reporting finished.
    expect(kept.calls[0]?.status).toBe("succeeded");
    expect(kept.calls[0]?.output).toBe("all steps");
    expect(ToolTimeoutError.isInstance(silent.calls[0]?.error)).toBe(true);
    expect(ToolTimeoutError.isInstance(notReset.calls[0]?.error)).toBe(true);
  });

  it("retries idempotent tools with exponential backoff and full jitter", async () => {
    let calls = 0;
    const flaky = defineTool({
      name: "flaky",
      input: z.object({ value: z.number() }),
      idempotent: true,
      retry: { attempts: 4, backoffMs: 8, factor: 2 },
      execute: ({ value }, context) => {
        calls++;
        if (context.attempt < 3) throw new Error(`attempt ${context.attempt} failed`);
        return value * 2;
      },
    });
    const executor = new Executor({ tools: [flaky], random: () => 0.5 });
    const delays: number[] = [];
    const run = executor.run({ calls: [{ id: "f", tool: "flaky", args: { value: 21 } }] });
    run.subscribe((event) => {
      if (event.type === "call-retry") delays.push(event.delayMs);
    });
    const result = await run.result();
    expect(result.calls[0]).toMatchObject({ status: "succeeded", attempts: 3, output: 42 });
    expect(calls).toBe(3);
    // Full jitter: half of 8·2⁰ and half of 8·2¹ with random() = 0.5.
    expect(delays).toEqual([4, 8]);
  });

  it("gives up after the last attempt with the last error", async () => {
    const executor = new Executor({
      tools: [
        {
          name: "always",
          idempotent: true,
          retry: { attempts: 3, backoffMs: 1 },
          execute: () => Promise.reject(new Error("nope")),
        },
      ],
    });
    const result = await executor.run({ calls: [{ id: "a", tool: "always" }] }).result();
    expect(result.calls[0]).toMatchObject({ status: "failed", attempts: 3 });
  });

  it("never retries a tool that is not idempotent, and refuses a retry policy on one", async () => {
    let calls = 0;
    const executor = new Executor({
      tools: [
        {
          name: "once",
          execute: () => {
            calls++;
            throw new Error("no");
          },
        },
      ],
    });
    const result = await executor.run({ calls: [{ id: "a", tool: "once" }] }).result();
    expect(result.calls[0]?.attempts).toBe(1);
    expect(calls).toBe(1);
    expect(() => defineTool({ name: "bad", retry: 3, execute: () => 1 })).toThrow(/not idempotent/);
    expect(() =>
      executor.run({ calls: [{ id: "a", tool: "once" }] }, { policies: { once: { retry: 2 } } }),
    ).toThrow(/not idempotent/);
  });

  it("does not retry input that fails the schema", async () => {
    let calls = 0;
    const strict = defineTool({
      name: "strict",
      input: z.object({ n: z.number() }),
      idempotent: true,
      retry: 5,
      execute: ({ n }) => {
        calls++;
        return n;
      },
    });
    const executor = new Executor({ tools: [strict] });
    const result = await executor
      .run({
        calls: [
          { id: "bad", tool: "strict", args: { n: "seven" } },
          { id: "good", tool: "strict", args: { n: 7 } },
        ],
      })
      .result();
    expect(result.calls[0]).toMatchObject({ status: "failed", attempts: 0 });
    expect(result.calls[0]?.error?.code).toBe("TOOL_INPUT_INVALID");
    expect(result.calls[0]?.error?.message).toMatch(/n: .*number/i);
    expect(result.calls[1]).toMatchObject({ status: "succeeded", output: 7 });
    expect(calls).toBe(1);
  });
});
