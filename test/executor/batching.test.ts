import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type BatchContext,
  CancelledError,
  defineTool,
  Executor,
  type Tool,
  ToolBatchResultError,
  ToolExecutionError,
  ToolTimeoutError,
  type WeftEvent,
} from "../../src/index.js";
import { deferred } from "../helpers.js";

interface SentBatch {
  inputs: number[];
  context: BatchContext;
}

/** A batching tool that doubles numbers, recording every batch it is sent; `answer` may replace its result. */
function doubler(
  batch: { maxSize: number; maxWaitMs: number },
  answer?: (inputs: readonly { n: number }[], context: BatchContext) => unknown,
  extra: Partial<Tool> = {},
): { tool: Tool; sent: SentBatch[] } {
  const sent: SentBatch[] = [];
  const tool = defineTool({
    name: "double",
    input: z.object({ n: z.number() }),
    batch,
    execute: () => {
      throw new Error("execute must not be called for a batching tool");
    },
    executeBatch: (inputs, context) => {
      sent.push({ inputs: inputs.map((input) => input.n), context });
      if (answer !== undefined) return answer(inputs, context) as never;
      return inputs.map((input) => input.n * 2);
    },
    ...extra,
  });
  return { tool: tool as Tool, sent };
}

function calls(count: number, tool = "double") {
  return Array.from({ length: count }, (_, index) => ({ id: `c${index + 1}`, tool, args: { n: index + 1 } }));
}

function byId<Call extends { id: string }>(items: readonly Call[]): Record<string, Call> {
  return Object.fromEntries(items.map((item) => [item.id, item]));
}

describe("batching", () => {
  it("sends the calls admitted within the window as one batch, inputs in plan order, each with its own output", async () => {
    const { tool, sent } = doubler({ maxSize: 10, maxWaitMs: 20 });
    const result = await new Executor({ tools: [tool] }).run({ calls: calls(5) }).result();
    expect(result.status).toBe("succeeded");
    expect(sent.map((batch) => batch.inputs)).toEqual([[1, 2, 3, 4, 5]]);
    expect(sent[0]?.context.callIds).toEqual(["c1", "c2", "c3", "c4", "c5"]);
    expect(sent[0]?.context.attempts).toEqual([1, 1, 1, 1, 1]);
    expect(result.calls.map((call) => call.output)).toEqual([2, 4, 6, 8, 10]);
    expect(result.calls.every((call) => call.attempts === 1)).toBe(true);
  });

  it("gathers calls that arrive at different times within the window", async () => {
    const { tool, sent } = doubler({ maxSize: 10, maxWaitMs: 200 });
    const run = new Executor({ tools: [tool] }).run({ calls: [] }, { isOpen: true });
    run.add({ id: "first", tool: "double", args: { n: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    run.add({ id: "second", tool: "double", args: { n: 2 } });
    run.end();
    const result = await run.result();
    expect(sent.map((batch) => batch.inputs)).toEqual([[1, 2]]);
    expect(result.calls.map((call) => call.output)).toEqual([2, 4]);
  });

  it("sends a batch as soon as it reaches maxSize, without waiting for the window", async () => {
    // With a window of a minute, the test would time out if full batches waited for it.
    const { tool, sent } = doubler({ maxSize: 3, maxWaitMs: 60_000 });
    const result = await new Executor({ tools: [tool] }).run({ calls: calls(6) }).result();
    expect(sent.map((batch) => batch.inputs)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(result.calls.map((call) => call.output)).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it("sends a partial batch once maxWaitMs has passed, and only then starts its calls", async () => {
    const { tool, sent } = doubler({ maxSize: 100, maxWaitMs: 60 });
    const events: WeftEvent[] = [];
    const started = Date.now();
    const run = new Executor({ tools: [tool] }).run(
      { calls: calls(2) },
      { onEvent: (event) => events.push(event) },
    );
    await new Promise((resolve) => setTimeout(resolve, 15));
    expect(events.filter((event) => event.type === "call-start")).toEqual([]);
    expect(sent).toEqual([]);
    const result = await run.result();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(sent.map((batch) => batch.inputs)).toEqual([[1, 2]]);
    expect(result.calls.map((call) => call.output)).toEqual([2, 4]);
    const types = events.filter((event) => event.type === "call-start" || event.type === "call-end");
    expect(types.map((event) => `${event.type} ${event.callId}`)).toEqual([
      "call-start c1",
      "call-start c2",
      "call-end c1",
      "call-end c2",
    ]);
  });

  it("with maxWaitMs 0, batches the calls admitted in the same scheduling pass", async () => {
    const { tool, sent } = doubler({ maxSize: 100, maxWaitMs: 0 });
    await new Executor({ tools: [tool] }).run({ calls: calls(4) }).result();
    expect(sent.map((batch) => batch.inputs)).toEqual([[1, 2, 3, 4]]);
  });

  it("counts each call of a batch against the limits: a batch is never larger than the free slots", async () => {
    const { tool, sent } = doubler({ maxSize: 10, maxWaitMs: 5 });
    const result = await new Executor({ tools: [tool], concurrency: 2 }).run({ calls: calls(5) }).result();
    expect(result.status).toBe("succeeded");
    expect(Math.max(...sent.map((batch) => batch.inputs.length))).toBeLessThanOrEqual(2);
    expect(sent.flatMap((batch) => batch.inputs).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("fails only the calls whose item is an Error; their dependents are skipped, the others' run", async () => {
    const { tool } = doubler({ maxSize: 10, maxWaitMs: 5 }, (inputs, context) =>
      inputs.map((input, index) =>
        context.callIds[index] === "c2" ? new Error("no double for c2") : input.n * 2,
      ),
    );
    const result = await new Executor({ tools: [tool] })
      .run({
        calls: [
          ...calls(3),
          { id: "afterC1", tool: "double", args: { n: { $ref: "c1" } } },
          { id: "afterC2", tool: "double", args: { n: { $ref: "c2" } } },
        ],
      })
      .result();
    const outcome = byId(result.calls);
    expect(outcome.c1?.output).toBe(2);
    expect(outcome.c3?.output).toBe(6);
    expect(outcome.c2?.status).toBe("failed");
    expect(ToolExecutionError.isInstance(outcome.c2?.error)).toBe(true);
    expect(outcome.c2?.error?.cause).toMatchObject({ message: "no double for c2" });
    // The dependent of c1 waited only for c1's output (in a later batch), not for the failed c2.
    expect(outcome.afterC1?.status).toBe("succeeded");
    expect(outcome.afterC1?.output).toBe(4);
    expect(outcome.afterC2?.status).toBe("skipped");
  });

  it("fails every call of the batch with a clear error when the result has the wrong length", async () => {
    const { tool } = doubler({ maxSize: 10, maxWaitMs: 5 }, () => [1]);
    const result = await new Executor({ tools: [tool] }).run({ calls: calls(3) }).result();
    for (const call of result.calls) {
      expect(call.status).toBe("failed");
      expect(ToolBatchResultError.isInstance(call.error)).toBe(true);
      expect(call.error?.code).toBe("TOOL_BATCH_RESULT_INVALID");
      expect(call.error?.message).toContain("an array of 1 item for a batch of 3 calls");
      expect(call.error?.message).toContain(`"${call.id}"`);
    }
  });

  it("fails every call of the batch with a result that is not an array", async () => {
    const { tool } = doubler({ maxSize: 10, maxWaitMs: 5 }, () => Promise.resolve({ vectors: [] }));
    const result = await new Executor({ tools: [tool] }).run({ calls: calls(2) }).result();
    expect(result.calls.map((call) => call.error?.message)).toEqual([
      expect.stringContaining("returned an object for a batch of 2 calls"),
      expect.stringContaining("returned an object for a batch of 2 calls"),
    ]);
  });

  it.each([
    [
      "throws",
      () => {
        throw new Error("service down");
      },
    ],
    ["rejects", () => Promise.reject(new Error("service down"))],
  ])("fails every call of the batch when executeBatch %s", async (_how, answer) => {
    const { tool } = doubler({ maxSize: 10, maxWaitMs: 5 }, answer);
    const result = await new Executor({ tools: [tool] }).run({ calls: calls(3) }).result();
    expect(result.status).toBe("failed");
    for (const call of result.calls) {
      expect(call.status).toBe("failed");
      expect(ToolExecutionError.isInstance(call.error)).toBe(true);
      expect(call.error?.cause).toMatchObject({ message: "service down" });
    }
  });

  it("retries a failed item alone, in a later batch, per its retry policy", async () => {
    let failures = 0;
    const events: WeftEvent[] = [];
    const { tool, sent } = doubler(
      { maxSize: 10, maxWaitMs: 5 },
      (inputs) =>
        inputs.map((input) => {
          if (input.n === 2 && failures < 1) {
            failures++;
            return new Error("flaky");
          }
          return input.n * 2;
        }),
      { idempotent: true, retry: { attempts: 3, backoffMs: 1 } },
    );
    const result = await new Executor({ tools: [tool] })
      .run({ calls: calls(3) }, { onEvent: (event) => events.push(event) })
      .result();
    expect(result.status).toBe("succeeded");
    expect(sent.map((batch) => batch.inputs)).toEqual([[1, 2, 3], [2]]);
    expect(sent[1]?.context.attempts).toEqual([2]);
    expect(result.calls.map((call) => call.attempts)).toEqual([1, 2, 1]);
    expect(result.calls.map((call) => call.output)).toEqual([2, 4, 6]);
    expect(events.filter((event) => event.type === "call-retry").map((event) => event.callId)).toEqual([
      "c2",
    ]);
  });

  it("cancels one call of a sent batch without aborting the batch for the others", async () => {
    const answer = deferred<number[]>();
    const { tool, sent } = doubler({ maxSize: 2, maxWaitMs: 1_000 }, () => answer.promise);
    const executor = new Executor({ tools: [tool] });
    const first = executor.run({ calls: [{ id: "a", tool: "double", args: { n: 1 } }] });
    const second = executor.run({ calls: [{ id: "b", tool: "double", args: { n: 2 } }] });
    while (sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(sent[0]?.inputs).toEqual([1, 2]);
    expect(sent[0]?.context.runIds).toEqual([first.id, second.id]);
    first.cancel("not needed");
    const firstResult = await first.result();
    expect(firstResult.calls[0]?.status).toBe("cancelled");
    expect(CancelledError.isInstance(firstResult.calls[0]?.error)).toBe(true);
    expect(sent[0]?.context.signal.aborted).toBe(false);
    answer.resolve([2, 4]);
    const secondResult = await second.result();
    expect(secondResult.calls[0]?.status).toBe("succeeded");
    expect(secondResult.calls[0]?.output).toBe(4);
    expect(executor.abandonedAttempts).toBe(0);
  });

  it("aborts the batch's signal once every call of it is cancelled", async () => {
    const answer = deferred<number[]>();
    const { tool, sent } = doubler({ maxSize: 2, maxWaitMs: 1_000 }, () => answer.promise);
    const run = new Executor({ tools: [tool] }).run({ calls: calls(2) });
    while (sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    run.cancel();
    const result = await run.result();
    expect(result.calls.map((call) => call.status)).toEqual(["cancelled", "cancelled"]);
    expect(sent[0]?.context.signal.aborted).toBe(true);
    answer.resolve([2, 4]);
  });

  it("cancels a call still waiting for its batch, freeing its slot at once", async () => {
    const { tool, sent } = doubler({ maxSize: 10, maxWaitMs: 40 });
    // One slot: the second run's call can start only once the first run's waiting call gave its slot back.
    const executor = new Executor({ tools: [tool], concurrency: 1 });
    const first = executor.run({ calls: [{ id: "a", tool: "double", args: { n: 1 } }] });
    const second = executor.run({ calls: [{ id: "b", tool: "double", args: { n: 2 } }] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    first.cancel();
    const [firstResult, secondResult] = await Promise.all([first.result(), second.result()]);
    expect(firstResult.calls[0]?.status).toBe("cancelled");
    expect(firstResult.calls[0]?.attempts).toBe(0);
    expect(secondResult.calls[0]?.output).toBe(4);
    expect(sent.map((batch) => batch.inputs)).toEqual([[2]]);
    expect(executor.abandonedAttempts).toBe(0);
  });

  it("times out one call of a batch while the batch keeps running for the others", async () => {
    const { tool, sent } = doubler(
      { maxSize: 2, maxWaitMs: 1_000 },
      (inputs) => new Promise((resolve) => setTimeout(() => resolve(inputs.map((input) => input.n * 2)), 80)),
    );
    const executor = new Executor({ tools: [tool] });
    const hurried = executor.run(
      { calls: [{ id: "a", tool: "double", args: { n: 1 } }] },
      { policies: { double: { timeoutMs: 10 } } },
    );
    const patient = executor.run({ calls: [{ id: "b", tool: "double", args: { n: 2 } }] });
    const [hurriedResult, patientResult] = await Promise.all([hurried.result(), patient.result()]);
    expect(hurriedResult.calls[0]?.status).toBe("failed");
    expect(ToolTimeoutError.isInstance(hurriedResult.calls[0]?.error)).toBe(true);
    expect(patientResult.calls[0]?.output).toBe(4);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.context.signal.aborted).toBe(false);
  });

  it("checks each call's output on its own", async () => {
    const { tool } = doubler({ maxSize: 10, maxWaitMs: 5 }, (inputs) =>
      inputs.map((input) => (input.n === 1 ? { big: BigInt(1) } : input.n)),
    );
    const result = await new Executor({ tools: [tool] }).run({ calls: calls(2) }).result();
    expect(result.calls[0]?.error?.code).toBe("TOOL_OUTPUT_INVALID");
    expect(result.calls[1]?.output).toBe(2);
  });
});

describe("batching: bad definitions", () => {
  const executeBatch = (inputs: readonly unknown[]) => inputs;
  const execute = () => 1;

  it.each([
    [
      { batch: { maxSize: 2, maxWaitMs: 1 } },
      TypeError,
      /Tool "bad": `batch` is set but `executeBatch` is not/,
    ],
    [{ executeBatch }, TypeError, /Tool "bad": `executeBatch` is set but `batch` is not/],
    [
      { batch: { maxSize: 2, maxWaitMs: 1 }, executeBatch: 3 },
      TypeError,
      /`executeBatch` to be a function, got 3/,
    ],
    [{ batch: 5, executeBatch }, TypeError, /`batch` to be an object \{ maxSize, maxWaitMs \}, got 5/],
    [
      { batch: { maxSize: 0, maxWaitMs: 1 }, executeBatch },
      RangeError,
      /`batch.maxSize` to be a positive integer, got 0/,
    ],
    [{ batch: { maxSize: 1.5, maxWaitMs: 1 }, executeBatch }, RangeError, /`batch.maxSize`.*got 1.5/],
    [{ batch: { maxWaitMs: 1 }, executeBatch }, TypeError, /`batch.maxSize`.*got undefined/],
    [
      { batch: { maxSize: 2, maxWaitMs: -1 }, executeBatch },
      RangeError,
      /`batch.maxWaitMs` to be a finite number ≥ 0, got -1/,
    ],
    [
      { batch: { maxSize: 2, maxWaitMs: Number.POSITIVE_INFINITY }, executeBatch },
      RangeError,
      /`batch.maxWaitMs`.*Infinity/,
    ],
    [
      { batch: { maxSize: 2, maxWaitMs: "10" }, executeBatch },
      TypeError,
      /`batch.maxWaitMs`.*"10" \(string\)/,
    ],
  ])("rejects %j", (fields, kind, message) => {
    expect(() => defineTool({ name: "bad", execute, ...(fields as object) })).toThrow(kind);
    expect(() => defineTool({ name: "bad", execute, ...(fields as object) })).toThrow(message);
    // A plain-object tool is checked where it is registered.
    expect(() => new Executor({ tools: [{ name: "bad", execute, ...(fields as object) }] })).toThrow(message);
  });
});

describe("batching and hedging", () => {
  it("refuses a tool that both batches and hedges, naming both fields", () => {
    expect(() =>
      defineTool({
        name: "embed",
        idempotent: true,
        hedge: true,
        batch: { maxSize: 4, maxWaitMs: 1 },
        executeBatch: (inputs: readonly unknown[]) => inputs,
        execute: (input: unknown) => input,
      }),
    ).toThrow(/`hedge` cannot be combined with `executeBatch`/);
  });
});
