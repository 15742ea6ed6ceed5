import { describe, expect, it } from "vitest";
import { Executor, type ExecutorOptions, type Plan, type Tool, type WeftEvent } from "../../src/index.js";
import { TimelineBuilder } from "../../src/telemetry/index.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleeper = (name: string, extra: Partial<Tool> = {}): Tool => ({
  name,
  execute: async (input: { ms?: number }) => {
    await sleep(input.ms ?? 30);
    return name;
  },
  ...extra,
});

/** Runs a plan and returns, per call, the causes it waited on in order (from call-queued to call-start). */
async function causesOf(options: ExecutorOptions, plan: Plan): Promise<Map<string, string[]>> {
  const events: WeftEvent[] = [];
  const builder = new TimelineBuilder();
  await new Executor(options)
    .run(plan, {
      onEvent: (event) => {
        events.push(event);
        builder.add(event);
      },
    })
    .result();
  const timeline = builder.snapshot();
  const causes = new Map(timeline.calls.map((call) => [call.id, call.waits.map((wait) => wait.cause)]));
  // Every wait is closed, ends where the next begins, and the last ends when the call started (or ended).
  for (const call of timeline.calls) {
    call.waits.forEach((wait, index) => {
      expect(wait.endMs).not.toBeNull();
      const next = call.waits[index + 1];
      if (next !== undefined && next.cause !== "backoff") expect(next.startMs).toBe(wait.endMs);
    });
  }
  return causes;
}

describe("what a queued call waits on", () => {
  it("dependency, then a slot under the executor's limit", async () => {
    const causes = await causesOf(
      { concurrency: 1, tools: [sleeper("work")] },
      {
        calls: [
          { id: "first", tool: "work" },
          { id: "second", tool: "work" },
          { id: "after", tool: "work", after: ["first"] },
        ],
      },
    );
    expect(causes.get("first")).toEqual(["concurrency"]);
    expect(causes.get("second")).toEqual(["concurrency"]);
    expect(causes.get("after")?.[0]).toBe("dependency");
    expect(causes.get("after")).toContain("concurrency");
  });

  it("a tool's limit, a pool, a lock and a rate limit, each by name", async () => {
    const causes = await causesOf(
      {
        pools: { gpu: 1 },
        tools: [
          sleeper("limited", { concurrency: 1 }),
          sleeper("pooled", { uses: { gpu: 1 } }),
          sleeper("writer", { resources: () => [{ key: "file:a.md", mode: "write" }] }),
          sleeper("api", { rateLimit: { key: "search", requests: 1, per: 60 } }),
        ],
      },
      {
        calls: ["limited", "pooled", "writer", "api"].flatMap((tool) => [
          { id: `${tool}1`, tool },
          { id: `${tool}2`, tool },
        ]),
      },
    );
    expect(causes.get("limited2")).toContain("tool-limit");
    expect(causes.get("pooled2")).toContain("pool:gpu");
    expect(causes.get("writer2")).toContain("lock:file:a.md");
    expect(causes.get("api2")).toContain("rate:search");
    for (const tool of ["limited", "pooled", "writer", "api"])
      expect(causes.get(`${tool}1`)).toEqual(["concurrency"]);
  });

  it("backoff between attempts, and batch while a batching tool gathers its calls", async () => {
    let failures = 0;
    const causes = await causesOf(
      {
        tools: [
          {
            name: "flaky",
            idempotent: true,
            retry: { attempts: 2, backoffMs: 20 },
            execute: () => {
              if (failures++ === 0) throw new Error("once");
              return "ok";
            },
          },
          {
            name: "batched",
            batch: { maxSize: 10, maxWaitMs: 20 },
            execute: () => "done",
            executeBatch: async (inputs: readonly unknown[]) => inputs.map(() => "done"),
          },
        ],
      },
      {
        calls: [
          { id: "flaky", tool: "flaky" },
          { id: "batched", tool: "batched" },
        ],
      },
    );
    expect(causes.get("flaky")).toEqual(["concurrency", "backoff", "concurrency"]);
    expect(causes.get("batched")).toEqual(["concurrency", "batch"]);
  });

  it("sends no call-wait event when nothing holds a call", async () => {
    const events: WeftEvent[] = [];
    await new Executor({ tools: [sleeper("work")] })
      .run({ calls: [{ id: "a", tool: "work" }] }, { onEvent: (event) => events.push(event) })
      .result();
    expect(events.filter((event) => event.type === "call-wait")).toEqual([]);
  });
});
