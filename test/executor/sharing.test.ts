import { describe, expect, it } from "vitest";
import { Executor, MemoryCacheStore } from "../../src/index.js";
import { deferred } from "../helpers.js";

describe("deduplication and caching", () => {
  it("runs identical idempotent calls in flight once and shares the result", async () => {
    let executions = 0;
    const release = deferred();
    const lookup = {
      name: "lookup",
      idempotent: true,
      execute: async (input: { q: string; options?: { a: number; b: number } }) => {
        executions++;
        await release.promise;
        return { answer: input.q.toUpperCase() };
      },
    };
    const executor = new Executor({ tools: [lookup] });
    const run = executor.run({
      calls: [
        { id: "one", tool: "lookup", args: { q: "x", options: { a: 1, b: 2 } } },
        // The same input with keys in another order is the same call.
        { id: "two", tool: "lookup", args: { options: { b: 2, a: 1 }, q: "x" } },
        { id: "different", tool: "lookup", args: { q: "y" } },
      ],
    });
    setTimeout(() => release.resolve(), 10);
    const result = await run.result();
    expect(executions).toBe(2);
    expect(result.calls.map((call) => call.output)).toEqual([
      { answer: "X" },
      { answer: "X" },
      { answer: "Y" },
    ]);
    expect(result.calls[1]).toMatchObject({ isDeduplicated: true, attempts: 0 });
  });

  it("never deduplicates a tool that is not idempotent", async () => {
    let executions = 0;
    const send = { name: "send", execute: () => ++executions };
    const executor = new Executor({ tools: [send] });
    await executor
      .run({
        calls: [
          { id: "a", tool: "send", args: { to: "x" } },
          { id: "b", tool: "send", args: { to: "x" } },
        ],
      })
      .result();
    expect(executions).toBe(2);
  });

  it("deduplicates across concurrent runs of one executor", async () => {
    let executions = 0;
    const release = deferred();
    const executor = new Executor({
      tools: [
        {
          name: "slowLookup",
          idempotent: true,
          execute: async () => {
            await release.promise;
            return ++executions;
          },
        },
      ],
    });
    const first = executor.run({ calls: [{ id: "a", tool: "slowLookup", args: { k: 1 } }] });
    const second = executor.run({ calls: [{ id: "b", tool: "slowLookup", args: { k: 1 } }] });
    setTimeout(() => release.resolve(), 10);
    const [firstResult, secondResult] = await Promise.all([first.result(), second.result()]);
    expect(executions).toBe(1);
    expect(firstResult.calls[0]?.output).toBe(1);
    expect(secondResult.calls[0]?.output).toBe(1);
  });

  it("a follower runs on its own when the call it waited for is cancelled", async () => {
    let executions = 0;
    const executor = new Executor({
      tools: [
        {
          name: "fetchIt",
          idempotent: true,
          execute: (_input: unknown, context: { signal: AbortSignal }) =>
            new Promise((resolve, reject) => {
              executions++;
              const timer = setTimeout(() => resolve("fetched"), 20);
              context.signal.addEventListener("abort", () => {
                clearTimeout(timer);
                reject(context.signal.reason);
              });
            }),
        },
      ],
    });
    const controller = new AbortController();
    const first = executor.run({ calls: [{ id: "a", tool: "fetchIt" }] }, { signal: controller.signal });
    const second = executor.run({ calls: [{ id: "b", tool: "fetchIt" }] });
    setTimeout(() => controller.abort(), 5);
    const [firstResult, secondResult] = await Promise.all([first.result(), second.result()]);
    expect(firstResult.calls[0]?.status).toBe("cancelled");
    expect(secondResult.calls[0]).toMatchObject({
      status: "succeeded",
      output: "fetched",
      isDeduplicated: false,
    });
    expect(executions).toBe(2);
  });

  it("serves repeats from the cache until the ttl runs out", async () => {
    let executions = 0;
    const square = {
      name: "square",
      idempotent: true,
      cache: { ttlMs: 40 },
      execute: ({ n }: { n: number }) => {
        executions++;
        return n * n;
      },
    };
    const executor = new Executor({ tools: [square], cache: new MemoryCacheStore({ maxEntries: 10 }) });
    const plan = { calls: [{ id: "s", tool: "square", args: { n: 9 } }] };
    const first = await executor.run(plan).result();
    const second = await executor.run(plan).result();
    expect(first.calls[0]).toMatchObject({ output: 81, isCached: false, attempts: 1 });
    expect(second.calls[0]).toMatchObject({ output: 81, isCached: true, attempts: 0 });
    expect(executions).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const third = await executor.run(plan).result();
    expect(third.calls[0]?.isCached).toBe(false);
    expect(executions).toBe(2);
  });

  it("does not cache failures", async () => {
    let executions = 0;
    const executor = new Executor({
      tools: [
        {
          name: "fails",
          idempotent: true,
          cache: true,
          execute: () => {
            executions++;
            throw new Error("down");
          },
        },
      ],
    });
    const plan = { calls: [{ id: "f", tool: "fails" }] };
    await executor.run(plan).result();
    await executor.run(plan).result();
    expect(executions).toBe(2);
  });
});

describe("binary inputs", () => {
  it("are never deduplicated or cached, since JSON cannot tell two buffers apart", async () => {
    let runs = 0;
    const executor = new Executor({
      tools: [
        {
          name: "size",
          idempotent: true,
          cache: true,
          execute: async ({ data }: { data: ArrayBuffer }) => {
            runs++;
            await new Promise((resolve) => setTimeout(resolve, 5));
            return data.byteLength;
          },
        },
      ],
    });
    const result = await executor
      .run([
        { id: "a", tool: "size", args: { data: new ArrayBuffer(3) } },
        { id: "b", tool: "size", args: { data: new ArrayBuffer(5) } },
      ])
      .result();
    expect(result.calls.map((call) => call.output)).toEqual([3, 5]);
    const again = await executor
      .run([{ id: "c", tool: "size", args: { data: new ArrayBuffer(7) } }])
      .result();
    expect(again.calls[0]?.output).toBe(7);
    expect(runs).toBe(3);
  });
});
