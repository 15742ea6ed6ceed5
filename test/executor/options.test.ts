import { describe, expect, it } from "vitest";
import { EwmaCostModel, Executor, InvalidOptionError, MemoryCacheStore, WeftError } from "../../src/index.js";
import { LatencySample } from "../../src/store/latency-sample.js";

/** The error `act` throws, which must be an InvalidOptionError. */
function optionError(act: () => unknown): InvalidOptionError {
  try {
    act();
  } catch (error) {
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    return error as InvalidOptionError;
  }
  throw new Error("expected an InvalidOptionError, but nothing was thrown");
}

describe("option errors", () => {
  it("are WeftErrors with a code, the option, the value described and what was expected, in one message style", () => {
    const error = optionError(() => new Executor({ concurrency: 0 }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(WeftError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      name: "InvalidOptionError",
      code: "INVALID_OPTION",
      where: "new Executor",
      option: "options.concurrency",
      value: "0",
      expected: "a whole number of 1 or more (or Infinity)",
    });
    expect(error.message).toBe(
      "new Executor: options.concurrency must be a whole number of 1 or more (or Infinity), got 0",
    );
    expect(error.toJSON()).toMatchObject({
      code: "INVALID_OPTION",
      option: "options.concurrency",
      value: "0",
    });
  });

  it("describe the value received without reading into objects, and shorten long strings", () => {
    expect(optionError(() => new Executor(null as never)).message).toBe(
      "new Executor: options must be an object, got null",
    );
    expect(optionError(() => new Executor(5 as never)).value).toBe("5");
    expect(optionError(() => new Executor({ maxQueued: { secret: "x" } as never })).value).toBe("an object");
    expect(optionError(() => new Executor({ maxQueued: [1, 2] as never })).value).toBe("an array of 2 items");
    expect(optionError(() => new Executor({ maxQueued: (() => 1) as never })).value).toBe("a function");
    expect(optionError(() => new Executor({ maxQueued: 3n as never })).value).toBe("3n");
    const long = optionError(() => new Executor({ failurePolicy: "x".repeat(100) as never })).value;
    expect(long).toBe(`"${"x".repeat(60)}"…`);
  });

  it("name each of the executor's options, and accept what they accepted before", () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ concurrency: 1.5 }, "options.concurrency", "1.5"],
      [{ concurrency: "4" }, "options.concurrency", '"4"'],
      [{ maxOutputBytes: -1 }, "options.maxOutputBytes", "-1"],
      [{ defaultEstimateMs: 0 }, "options.defaultEstimateMs", "0"],
      [{ defaultEstimateMs: Number.NaN }, "options.defaultEstimateMs", "NaN"],
      [{ maxQueued: 0 }, "options.maxQueued", "0"],
      [{ failurePolicy: "stop" }, "options.failurePolicy", '"stop"'],
    ];
    for (const [options, option, value] of cases) {
      expect(optionError(() => new Executor(options as never))).toMatchObject({ option, value });
    }
    expect(
      () =>
        new Executor({
          concurrency: Number.POSITIVE_INFINITY,
          maxOutputBytes: Number.POSITIVE_INFINITY,
          maxQueued: Number.POSITIVE_INFINITY,
          defaultEstimateMs: 0.5,
          failurePolicy: "fail-fast",
        }),
    ).not.toThrow();
  });

  it("name the run's options as executor.run's", () => {
    const executor = new Executor({ tools: [{ name: "noop", execute: () => null }] });
    const plan = [{ id: "a", tool: "noop" }];
    expect(optionError(() => executor.run(plan, null as never)).message).toBe(
      "executor.run: options must be an object, got null",
    );
    expect(optionError(() => executor.run(plan, { concurrency: 0 }))).toMatchObject({
      where: "executor.run",
      option: "options.concurrency",
    });
    expect(optionError(() => executor.run(plan, { failurePolicy: "stop" as never })).message).toBe(
      'executor.run: options.failurePolicy must be "continue" or "fail-fast", got "stop"',
    );
    expect(optionError(() => executor.run(plan, { policies: { nope: {} } })).message).toBe(
      'executor.run: options.policies must be keyed by the names of registered tools, got "nope"',
    );
    expect(optionError(() => executor.run(plan, { weight: Number.POSITIVE_INFINITY }))).toMatchObject({
      option: "options.weight",
      value: "Infinity",
      expected: "a finite number greater than 0",
    });
    expect(executor.queued).toBe(0);
  });

  it("come from the stores' constructors too", () => {
    expect(optionError(() => new MemoryCacheStore({ maxEntries: 0 })).message).toBe(
      "new MemoryCacheStore: options.maxEntries must be a whole number of 1 or more, got 0",
    );
    expect(optionError(() => new LatencySample(2.5)).message).toBe(
      "new LatencySample: capacity must be a whole number of 1 or more, got 2.5",
    );
    expect(optionError(() => new EwmaCostModel({ alpha: 1.5 })).message).toBe(
      "new EwmaCostModel: options.alpha must be a number greater than 0 and at most 1, got 1.5",
    );
    expect(optionError(() => new EwmaCostModel({ alpha: "0.5" as never })).value).toBe('"0.5"');
    expect(() => new EwmaCostModel({ alpha: 1 })).not.toThrow();
  });
});
