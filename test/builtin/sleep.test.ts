import { describe, expect, it } from "vitest";
import { sleepTool } from "../../src/builtin/index.js";
import type { ToolContext } from "../../src/index.js";
import { runOne } from "./helpers.js";

function contextWith(signal: AbortSignal): ToolContext {
  return { signal, callId: "call", attempt: 1, runId: "run", progress: () => {} };
}

describe("sleep", () => {
  it("returns { sleptMs } by default and the given value otherwise, null included", async () => {
    expect((await runOne(sleepTool(), { ms: 5 })).output).toEqual({ sleptMs: 5 });
    expect((await runOne(sleepTool(), { ms: 0, value: { answer: 42 } })).output).toEqual({ answer: 42 });
    expect((await runOne(sleepTool(), { ms: 0, value: null })).output).toBeNull();
  });

  it("waits at least the given time", async () => {
    const startedAt = performance.now();
    await runOne(sleepTool(), { ms: 50 });
    // Timers may fire a millisecond early by rounding; the bound is generous, never tight.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(45);
  });

  it("refuses a negative, missing or non-numeric ms", async () => {
    for (const args of [{ ms: -1 }, {}, { ms: "10" }, { ms: 3_000_000_000 }]) {
      expect((await runOne(sleepTool(), args)).error?.code).toBe("TOOL_INPUT_INVALID");
    }
  });

  it("rejects with the signal's reason as soon as it is aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("stop now");
    const sleeping = sleepTool().execute({ ms: 60_000 }, contextWith(controller.signal));
    setTimeout(() => controller.abort(reason), 10);
    await expect(sleeping).rejects.toBe(reason);
    const alreadyAborted = AbortSignal.abort(reason);
    await expect(sleepTool().execute({ ms: 60_000 }, contextWith(alreadyAborted))).rejects.toBe(reason);
  });

  it("stops sleeping when the call times out, so no abandoned attempt lingers", async () => {
    const call = await runOne(sleepTool(), { ms: 60_000 }, { policies: { sleep: { timeoutMs: 50 } } });
    expect(call.error?.code).toBe("TOOL_TIMEOUT");
    await expect.poll(() => call.executor.abandonedAttempts, { timeout: 5_000 }).toBe(0);
  });

  it("is idempotent", () => {
    expect(sleepTool().idempotent).toBe(true);
  });
});
