import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type CallRetryEvent,
  defineTool,
  Executor,
  RateLimitedError,
  type Tool,
  type WeftEvent,
} from "../../src/index.js";
import { SlidingWindowRateLimiter } from "../../src/scheduler/index.js";
import { clock, maxInAnyWindow, settle, sleep, useVirtualClock } from "./virtual-clock.js";

/** A tool that records the time each attempt starts, runs `durationMs` on the virtual clock, then does what `act` says. */
function timedTool(
  name: string,
  starts: { callId: string; tool: string; at: number; attempt: number }[],
  policy: Partial<Tool>,
  durationMs = 10,
  act: (callId: string, attempt: number) => void = () => {},
): Tool {
  return {
    ...policy,
    name,
    async execute(_input, context) {
      starts.push({ callId: context.callId, tool: name, at: clock.now(), attempt: context.attempt });
      await sleep(durationMs);
      act(context.callId, context.attempt);
      return context.callId;
    },
  };
}

const calls = (tool: string, count: number, prefix = tool) =>
  Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}`, tool, args: {} }));

describe("rate limits", () => {
  beforeEach(() => {
    useVirtualClock();
  });

  it("starts at most `requests` calls in any window, and uses every slot the window allows", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const executor = new Executor({
      clock,
      concurrency: 64,
      tools: [timedTool("api", starts, { rateLimit: { requests: 3, per: 100 } })],
    });
    const result = await settle(executor.run(calls("api", 20)).result());
    expect(result.status).toBe("succeeded");
    const times = starts.map((start) => start.at);
    expect(maxInAnyWindow(times, 100)).toBe(3);
    // Exactly three starts at 0, 100, 200…: never above the rate, and never below it while calls wait.
    expect(times).toEqual(Array.from({ length: 20 }, (_, index) => Math.floor(index / 3) * 100));
    expect(clock.pending).toBe(0);
  });

  it("counts a window by its length, whatever the unit it was given in", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const executor = new Executor({
      clock,
      tools: [timedTool("api", starts, { rateLimit: { requests: 2, per: "second" } }, 1500)],
    });
    await settle(executor.run(calls("api", 7)).result());
    const times = starts.map((start) => start.at);
    expect(maxInAnyWindow(times, 1000)).toBe(2);
    expect(times).toEqual([0, 0, 1000, 1000, 2000, 2000, 3000]);
  });

  it("shares one limit between the tools that name the same key", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const rateLimit = { key: "openai", requests: 2, per: 50 };
    const executor = new Executor({
      clock,
      concurrency: 64,
      tools: [timedTool("chat", starts, { rateLimit }), timedTool("embed", starts, { rateLimit })],
    });
    const result = await settle(executor.run([...calls("chat", 6), ...calls("embed", 6)]).result());
    expect(result.status).toBe("succeeded");
    // Together, not each: two tools with a limit of their own would start four calls per window.
    expect(
      maxInAnyWindow(
        starts.map((start) => start.at),
        50,
      ),
    ).toBe(2);
    expect(starts.at(-1)?.at).toBe(250);
    expect(new Set(starts.map((start) => start.tool))).toEqual(new Set(["chat", "embed"]));
  });

  it("starts held calls in rank order, ties in plan order", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const rateLimit = { key: "shared", requests: 1, per: 10 };
    const executor = new Executor({
      clock,
      concurrency: 64,
      tools: [
        timedTool("cheap", starts, { rateLimit, estimateMs: 1 }, 1),
        timedTool("costly", starts, { rateLimit, estimateMs: 500 }, 1),
      ],
    });
    // The cheap calls come first in the plan, but the costly ones rank higher.
    await settle(executor.run([...calls("cheap", 4), ...calls("costly", 4)]).result());
    expect(starts.map((start) => start.callId)).toEqual([
      "costly0",
      "costly1",
      "costly2",
      "costly3",
      "cheap0",
      "cheap1",
      "cheap2",
      "cheap3",
    ]);
    expect(starts.map((start) => start.at)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
  });

  it("does not let a call that becomes ready as the window frees a slot jump ahead of the held calls", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const rateLimit = { key: "shared", requests: 1, per: 10 };
    const executor = new Executor({
      clock,
      concurrency: 64,
      tools: [
        timedTool("gate", starts, { estimateMs: 1000 }, 10),
        timedTool("api", starts, { rateLimit, estimateMs: 100 }, 1),
        timedTool("late", starts, { rateLimit, estimateMs: 1 }, 1),
      ],
    });
    // "g" ends at 10 ms, the moment the window frees its slot, just before the key's timer fires: "l" becomes ready
    // then, while "a1", which ranks higher, has been waiting since 0.
    await settle(
      executor
        .run([
          { id: "g", tool: "gate", args: {} },
          { id: "a0", tool: "api", args: {} },
          { id: "a1", tool: "api", args: {} },
          { id: "l", tool: "late", args: {}, after: ["g"] },
        ])
        .result(),
    );
    const at = new Map(starts.map((start) => [start.callId, start.at]));
    expect([at.get("a0"), at.get("a1"), at.get("l")]).toEqual([0, 10, 20]);
  });

  it("gives the room of a call another admission holds to the next call of the key", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const rateLimit = { key: "shared", requests: 1, per: 10 };
    const executor = new Executor({
      clock,
      concurrency: 64,
      tools: [
        timedTool("first", starts, { rateLimit, estimateMs: 100 }, 100),
        timedTool("second", starts, { rateLimit, estimateMs: 1 }, 1),
      ],
    });
    // The run lets one "first" call run at a time, a limit asked after the key's: at 10 ms the key hands its room to
    // f1, which that limit then holds until f0 ends; s0 takes the room at once instead of at the next window.
    const run = executor.run([...calls("first", 2, "f"), ...calls("second", 1, "s")], {
      policies: { first: { concurrency: 1 } },
    });
    await settle(run.result());
    const at = new Map(starts.map((start) => [start.callId, start.at]));
    expect([at.get("f0"), at.get("s0"), at.get("f1")]).toEqual([0, 10, 100]);
  });

  it("lets a run add a limit of its own, on top of the executor's", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const executor = new Executor({
      clock,
      concurrency: 64,
      tools: [timedTool("api", starts, { rateLimit: { requests: 4, per: 100 } }, 1)],
    });
    const slow = executor.run(calls("api", 3, "slow"), {
      policies: { api: { rateLimit: { requests: 1, per: 100 } } },
    });
    const free = executor.run(calls("api", 3, "free"));
    await settle(Promise.all([slow.result(), free.result()]));
    const at = (prefix: string) =>
      starts.filter((start) => start.callId.startsWith(prefix)).map((start) => start.at);
    expect(at("slow")).toEqual([0, 100, 200]);
    // The executor's limit still binds both runs together.
    expect(
      maxInAnyWindow(
        starts.map((start) => start.at),
        100,
      ),
    ).toBeLessThanOrEqual(4);
    expect(at("free")).toEqual([0, 0, 0]);
  });

  it("pauses the key when a tool is throttled, and retries the call without using an attempt", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const rateLimit = { key: "service", requests: 100, per: 1000 };
    const events: WeftEvent[] = [];
    const executor = new Executor({
      clock,
      concurrency: 64,
      tools: [
        // Neither idempotent nor given a retry policy: a throttled call did not run, so it is safe to send again.
        timedTool("write", starts, { rateLimit }, 10, (callId, attempt) => {
          if (callId === "w" && attempt === 1) throw new RateLimitedError({ retryAfterMs: 500 });
        }),
        timedTool("read", starts, { rateLimit }, 10),
        timedTool("other", starts, {}, 20),
      ],
    });
    const run = executor.run(
      [
        { id: "w", tool: "write", args: {} },
        { id: "o", tool: "other", args: {} },
        { id: "r", tool: "read", args: {}, after: ["o"] },
        { id: "o2", tool: "other", args: {}, after: ["o"] },
      ],
      { onEvent: (event) => events.push(event) },
    );
    const result = await settle(run.result());
    const byId = new Map(result.calls.map((call) => [call.id, call]));
    expect(byId.get("w")).toMatchObject({ status: "succeeded", attempts: 2 });
    const startsOf = (callId: string) =>
      starts.filter((start) => start.callId === callId).map((start) => start.at);
    // Throttled at 10 ms for 500 ms: nothing of the key starts before 510, the retry first of all (it ranks first).
    expect(startsOf("w")).toEqual([0, 510]);
    expect(startsOf("r")).toEqual([510]);
    // Calls of other keys are not held.
    expect(startsOf("o2")).toEqual([20]);
    const retry = events.find((event): event is CallRetryEvent => event.type === "call-retry");
    expect(retry).toMatchObject({ callId: "w", attempt: 1, delayMs: 500, time: 10 });
    expect(RateLimitedError.isInstance(retry?.error)).toBe(true);
    expect(retry?.error).toMatchObject({ code: "RATE_LIMITED", key: "service", retryAfterMs: 500 });
    expect(retry?.error.message).toContain('rate-limit key "service"');
    expect(clock.pending).toBe(0);
  });

  it("does not count throttles against the retry attempts", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const executor = new Executor({
      clock,
      random: () => 0,
      tools: [
        timedTool(
          "flaky",
          starts,
          { idempotent: true, retry: { attempts: 2, backoffMs: 0 }, rateLimit: { requests: 10, per: 1000 } },
          1,
          (_callId, attempt) => {
            if (attempt <= 2) throw new RateLimitedError({ retryAfterMs: 100 });
            if (attempt === 3) throw new Error("a real failure");
          },
        ),
      ],
    });
    const result = await settle(executor.run(calls("flaky", 1)).result());
    // Two throttles and one failure: with retry.attempts 2, only the failure counts, and one retry is left for it.
    expect(result.calls[0]).toMatchObject({ status: "succeeded", attempts: 4 });
    expect(starts.map((start) => start.attempt)).toEqual([1, 2, 3, 4]);
  });

  it("fails a call throttled more than maxThrottles times, with the RateLimitedError", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const retries: CallRetryEvent[] = [];
    const executor = new Executor({
      clock,
      tools: [
        timedTool("stubborn", starts, { rateLimit: { requests: 5, per: 100, maxThrottles: 3 } }, 1, () => {
          throw new RateLimitedError({ retryAfterMs: 20 });
        }),
      ],
    });
    const run = executor.run(calls("stubborn", 1), {
      onEvent: (event) => {
        if (event.type === "call-retry") retries.push(event);
      },
    });
    const result = await settle(run.result());
    const call = result.calls[0];
    expect(call?.status).toBe("failed");
    expect(call?.attempts).toBe(4);
    expect(retries).toHaveLength(3);
    expect(RateLimitedError.isInstance(call?.error)).toBe(true);
    expect(call?.error).toMatchObject({ code: "RATE_LIMITED", key: "stubborn", retryAfterMs: 20 });
    expect(call?.error?.message).toContain("maxThrottles (3)");
    expect(starts.map((start) => start.at)).toEqual([0, 21, 42, 63]);
    expect(clock.pending).toBe(0);
  });

  it("pauses the key even for the throttle that makes a call give up", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const rateLimit = { key: "service", requests: 10, per: 100 };
    const executor = new Executor({
      clock,
      tools: [
        timedTool("once", starts, { rateLimit: { ...rateLimit, maxThrottles: 0 } }, 1, () => {
          throw new RateLimitedError({ retryAfterMs: 300 });
        }),
        timedTool("other", starts, { rateLimit }, 1),
        timedTool("plain", starts, {}, 5),
      ],
    });
    const result = await settle(
      executor
        .run([
          { id: "x", tool: "once", args: {} },
          { id: "p", tool: "plain", args: {} },
          { id: "o", tool: "other", args: {}, after: ["p"] },
        ])
        .result(),
    );
    expect(result.calls.map((call) => [call.id, call.status])).toEqual([
      ["x", "failed"],
      ["p", "succeeded"],
      ["o", "succeeded"],
    ]);
    expect(starts.find((start) => start.callId === "o")?.at).toBe(301);
  });

  it("retries a throttled call of a tool with no rate limit after the wait, up to the default bound", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const executor = new Executor({
      clock,
      tools: [
        timedTool("plain", starts, {}, 5, (callId, attempt) => {
          if (callId === "plain0" && attempt === 1) throw new RateLimitedError();
          if (callId === "plain1") throw new RateLimitedError({ retryAfterMs: 1 });
        }),
      ],
    });
    const result = await settle(executor.run(calls("plain", 3)).result());
    const startsOf = (callId: string) =>
      starts.filter((start) => start.callId === callId).map((start) => start.at);
    // No key to pause: only the throttled call waits, 1000 ms when the error gives no wait.
    expect(startsOf("plain0")).toEqual([0, 1005]);
    expect(startsOf("plain2")).toEqual([0]);
    expect(result.calls.map((call) => call.status)).toEqual(["succeeded", "failed", "succeeded"]);
    expect(result.calls[1]).toMatchObject({ attempts: 11, error: { code: "RATE_LIMITED", key: undefined } });
  });

  it("forgets held calls when their run is cancelled, and clears the timer", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const executor = new Executor({
      clock,
      tools: [timedTool("api", starts, { rateLimit: { requests: 1, per: 60_000 } }, 10)],
    });
    const run = executor.run(calls("api", 5));
    const cancelled = run.result();
    await clock.advance(20);
    expect(starts).toHaveLength(1);
    // The held calls wait on one timer for the whole key, not one each.
    expect(clock.pending).toBe(1);
    run.cancel("enough");
    const result = await cancelled;
    expect(result.calls.map((call) => call.status)).toEqual([
      "succeeded",
      "cancelled",
      "cancelled",
      "cancelled",
      "cancelled",
    ]);
    expect(clock.pending).toBe(0);
    // The key still counts the start of the first call: a new run waits for the window.
    const next = executor.run(calls("api", 1, "next"));
    await settle(next.result());
    expect(starts.at(-1)).toMatchObject({ callId: "next0", at: 60_000 });
  });

  it("keeps one timer for a key however many calls it holds", async () => {
    const starts: { callId: string; tool: string; at: number; attempt: number }[] = [];
    const executor = new Executor({
      clock,
      tools: [timedTool("api", starts, { rateLimit: { requests: 2, per: 1000 } }, 1)],
    });
    const run = executor.run(calls("api", 200));
    await clock.advance(5);
    expect(starts).toHaveLength(2);
    expect(clock.pending).toBe(1);
    run.cancel();
    await run.result();
    expect(clock.pending).toBe(0);
  });
});

describe("rate limit checks", () => {
  const execute = () => null;

  it.each([
    [
      { requests: 0, per: "minute" },
      RangeError,
      /"zero".*`rateLimit\.requests` must be a positive integer, got 0/,
    ],
    [{ requests: -5, per: "minute" }, RangeError, /`rateLimit\.requests` must be a positive integer, got -5/],
    [
      { requests: 1.5, per: "minute" },
      RangeError,
      /`rateLimit\.requests` must be a positive integer, got 1\.5/,
    ],
    [
      { requests: Number.POSITIVE_INFINITY, per: "minute" },
      RangeError,
      /requests` must be a positive integer, got Infinity/,
    ],
    [{ requests: Number.NaN, per: "minute" }, RangeError, /requests` must be a positive integer, got NaN/],
    [{ requests: "5", per: "minute" }, TypeError, /requests` must be a number, got "5" \(string\)/],
    [{ per: "minute" }, TypeError, /requests` must be a number, got undefined/],
    [
      { requests: 5, per: "minutes" },
      RangeError,
      /`rateLimit\.per` must be "second", "minute", "hour" or a number of milliseconds, got "minutes" \(did you mean "minute"\?\)/,
    ],
    [
      { requests: 5, per: 0 },
      RangeError,
      /`rateLimit\.per` must be a positive, finite number of milliseconds, got 0/,
    ],
    [
      { requests: 5, per: -1000 },
      RangeError,
      /per` must be a positive, finite number of milliseconds, got -1000/,
    ],
    [
      { requests: 5, per: Number.POSITIVE_INFINITY },
      RangeError,
      /per` must be a positive, finite number of milliseconds, got Infinity/,
    ],
    [{ requests: 5 }, TypeError, /per` must be .* got undefined \(undefined\)/],
    [
      { requests: 5, per: "minute", key: "" },
      TypeError,
      /`rateLimit\.key` must be a non-empty string, got ""/,
    ],
    [
      { requests: 5, per: "minute", maxThrottles: -1 },
      RangeError,
      /`rateLimit\.maxThrottles` must be an integer ≥ 0, got -1/,
    ],
    [{ request: 5, per: "minute" }, TypeError, /unknown field "request" \(did you mean "requests"\?\)/],
    [500, TypeError, /`rateLimit` must be an object \{ requests, per, key\? \}, got 500 \(number\)/],
  ])("rejects rateLimit %j at definition time, naming the tool and the field", (rateLimit, kind, message) => {
    const define = () => defineTool({ name: "zero", rateLimit: rateLimit as never, execute });
    expect(define).toThrow(kind);
    expect(define).toThrow(/^Tool "zero": /);
    expect(define).toThrow(message);
  });

  it("rejects two tools that give one key two rates, when the second is registered", () => {
    const first = defineTool({
      name: "chat",
      rateLimit: { key: "openai", requests: 500, per: "minute" },
      execute,
    });
    const second = defineTool({
      name: "embed",
      rateLimit: { key: "openai", requests: 100, per: "minute" },
      execute,
    });
    expect(() => new Executor({ tools: [first, second] })).toThrow(
      'Tool "embed": `rateLimit` key "openai" is already limited to 500 requests per 60000 ms by tool "chat", but this tool declares 100 requests per 60000 ms',
    );
    const executor = new Executor({ tools: [first] });
    expect(() => executor.register(second)).toThrow(TypeError);
    expect(executor.tools).toEqual([first]);
    // The same rate in another unit is the same rate.
    const same = defineTool({
      name: "embed",
      rateLimit: { key: "openai", requests: 500, per: 60_000 },
      execute,
    });
    expect(() => executor.register(same)).not.toThrow();
  });

  it("checks a run's rate-limit overrides when the run is created", () => {
    const executor = new Executor({ tools: [defineTool({ name: "api", execute })] });
    expect(() =>
      executor.run([], { policies: { api: { rateLimit: { requests: 0, per: "second" } } } }),
    ).toThrow(/Tool "api": `rateLimit\.requests` must be a positive integer, got 0/);
  });

  it("rejects a RateLimitedError whose wait is not a finite number ≥ 0", () => {
    expect(() => new RateLimitedError({ retryAfterMs: -1 })).toThrow(RangeError);
    expect(() => new RateLimitedError({ retryAfterMs: Number.NaN })).toThrow(/retryAfterMs/);
    expect(new RateLimitedError({ retryAfterMs: 0 }).toJSON()).toMatchObject({
      code: "RATE_LIMITED",
      retryAfterMs: 0,
    });
  });
});

describe("SlidingWindowRateLimiter", () => {
  it("admits a start only when fewer than `requests` lie in the window, and says when the next may start", () => {
    const limiter = new SlidingWindowRateLimiter(2, 100);
    expect(limiter.room(0)).toBe(2);
    limiter.take(0);
    limiter.take(30);
    expect(limiter.room(99)).toBe(0);
    expect(limiter.availableAt(50, 0)).toBe(100);
    expect(limiter.availableAt(50, 1)).toBe(130);
    expect(limiter.availableAt(50, 2)).toBe(150);
    expect(limiter.room(100)).toBe(1);
    limiter.pause(400);
    expect(limiter.room(399)).toBe(0);
    expect(limiter.availableAt(200, 0)).toBe(400);
    limiter.pause(300);
    expect(limiter.pausedUntil).toBe(400);
    expect(limiter.room(400)).toBe(2);
  });

  it("grows its ring past its first size and keeps the oldest start first", () => {
    const limiter = new SlidingWindowRateLimiter(300, 1000);
    for (let start = 0; start < 300; start++) limiter.take(start);
    expect(limiter.room(999)).toBe(0);
    expect(limiter.room(1000)).toBe(1);
    expect(limiter.availableAt(1000, 1)).toBe(1001);
    expect(limiter.room(1299)).toBe(300);
  });

  it("checks its own arguments", () => {
    expect(() => new SlidingWindowRateLimiter(0, 1)).toThrow(RangeError);
    expect(() => new SlidingWindowRateLimiter(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("rate-limit timers and the process", () => {
  const distIndex = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

  function runScript(
    source: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
    const started = performance.now();
    const child = spawn(process.execPath, ["--input-type=module", "-e", source], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
    });
  }

  it("keep the process alive while calls wait, and never once nothing waits", async () => {
    const outcome = await runScript(`
      import { Executor, RateLimitedError } from ${JSON.stringify(distIndex)};
      const executor = new Executor({ tools: [
        { name: "api", rateLimit: { requests: 1, per: 150 }, execute: () => "ok" },
        { name: "busy", rateLimit: { key: "api", requests: 1, per: 150, maxThrottles: 0 },
          execute: () => { throw new RateLimitedError({ retryAfterMs: 600_000 }); } },
        { name: "slow", rateLimit: { requests: 1, per: 600_000 }, execute: () => "ok" },
      ] });
      // Only the limiter's timer is pending while the second and third calls wait: the process must stay for them.
      const waited = await executor.run([1, 2, 3].map((n) => ({ id: "a" + n, tool: "api" }))).result();
      console.log("waited", waited.status, waited.makespanMs >= 290);
      // The key is now paused for ten minutes, but nothing waits for it: no timer may keep the process.
      const throttled = await executor.run([{ id: "b", tool: "busy" }]).result();
      console.log("throttled", throttled.calls[0].status, throttled.calls[0].error.code);
      // A call held for ten minutes, then cancelled: its timer goes with it.
      const held = executor.run([{ id: "s1", tool: "slow" }, { id: "s2", tool: "slow" }]);
      setTimeout(() => held.cancel(), 50);
      const cancelled = await held.result();
      console.log("cancelled", cancelled.calls.map((call) => call.status).join(","));
    `);
    expect(outcome.stderr).toBe("");
    expect(outcome.stdout.trim().split("\n")).toEqual([
      "waited succeeded true",
      "throttled failed RATE_LIMITED",
      "cancelled succeeded,cancelled",
    ]);
    expect(outcome.code).toBe(0);
    // Far below the ten-minute pause and window: the process left as soon as its work was done.
    expect(outcome.ms).toBeLessThan(60_000);
  });
});
