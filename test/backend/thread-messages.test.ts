import { describe, expect, it } from "vitest";
import { errorForSending, errorFromThread } from "../../src/backend/thread-messages.js";
import { RateLimitedError, ToolExecutionError, WeftError } from "../../src/index.js";

/** What a thread's error looks like once it crossed to the main thread. */
const acrossThreads = (thrown: unknown): unknown => errorFromThread(structuredClone(errorForSending(thrown)));

describe("errors crossing threads", () => {
  it("keep their name, message, stack, fields and causes", () => {
    const cause = new TypeError("the root");
    const error = Object.assign(new RangeError("on top", { cause }), { code: "E_X", details: { n: [1, 2] } });
    const received = acrossThreads(error) as RangeError & { code: string; details: unknown };
    expect(received).toBeInstanceOf(Error);
    expect(received.name).toBe("RangeError");
    expect(received.message).toBe("on top");
    expect(received.stack).toBe(error.stack);
    expect(received.code).toBe("E_X");
    expect(received.details).toEqual({ n: [1, 2] });
    expect((received.cause as Error).name).toBe("TypeError");
    expect((received.cause as Error).message).toBe("the root");
  });

  it("drop fields that cannot cross, instead of failing", () => {
    const error = Object.assign(new Error("with a function"), {
      callback: () => 1,
      when: new Date(0),
      ok: true,
    });
    const received = acrossThreads(error) as Error & Record<string, unknown>;
    expect(received.message).toBe("with a function");
    expect(received.ok).toBe(true);
    expect("callback" in received).toBe(false);
  });

  it("keep a weft error's kind, so that isInstance and toJSON work on the main thread", () => {
    const received = acrossThreads(new RateLimitedError({ retryAfterMs: 1500 }));
    expect(RateLimitedError.isInstance(received)).toBe(true);
    expect(WeftError.isInstance(received)).toBe(true);
    expect(ToolExecutionError.isInstance(received)).toBe(false);
    expect((received as RateLimitedError).retryAfterMs).toBe(1500);
    expect((received as WeftError).toJSON()).toMatchObject({
      code: (received as WeftError).code,
      retryAfterMs: 1500,
    });
  });

  it("pass thrown values that are not errors as they are, or described when they cannot be cloned", () => {
    expect(acrossThreads("a string")).toBe("a string");
    expect(acrossThreads(42)).toBe(42);
    expect(acrossThreads({ plain: [1] })).toEqual({ plain: [1] });
    expect(acrossThreads({ fn: () => 1 })).toMatch(/fn: \[Function: fn\]/);
  });
});
