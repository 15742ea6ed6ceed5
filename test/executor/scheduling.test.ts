import { describe, expect, it } from "vitest";
import { Executor } from "../../src/index.js";
import { deferred, Recorder, recordingTool } from "../helpers.js";

describe("scheduling", () => {
  it("runs independent calls at once, up to the global limit and never past it", async () => {
    const recorder = new Recorder();
    const executor = new Executor({
      tools: [recordingTool("work", recorder, { ticks: () => 5 })],
      concurrency: 4,
    });
    const calls = Array.from({ length: 20 }, (_, index) => ({ id: `c${index}`, tool: "work" }));
    const result = await executor.run({ calls }).result();
    expect(result.status).toBe("succeeded");
    expect(recorder.maxRunning).toBe(4);
    expect(recorder.starts).toHaveLength(20);
  });

  it("starts a dependent the moment its dependency ends, not when its level ends", async () => {
    const recorder = new Recorder();
    const slow = deferred();
    const executor = new Executor({
      tools: [
        recordingTool("work", recorder, { gate: (callId) => (callId === "slow" ? slow.promise : undefined) }),
      ],
    });
    const run = executor.run({
      calls: [
        { id: "slow", tool: "work" },
        { id: "fast", tool: "work" },
        { id: "afterFast", tool: "work", after: ["fast"] },
      ],
    });
    run.subscribe((event) => {
      if (event.type === "call-end" && event.callId === "afterFast") slow.resolve();
    });
    const result = await run.result();
    expect(result.status).toBe("succeeded");
    // afterFast ran to completion while "slow", of the level before it, was still running.
    expect(recorder.endOrder.get("afterFast")).toBeLessThan(recorder.endOrder.get("slow") as number);
  });

  it("caps a tool at its own limit without blocking other tools queued behind it", async () => {
    const recorder = new Recorder();
    const release = deferred();
    const limited = recordingTool("limited", recorder, {
      gate: () => release.promise,
      extra: { concurrency: 2, estimateMs: 1000 },
    });
    const free = recordingTool("free", recorder, { extra: { estimateMs: 1 } });
    const executor = new Executor({ tools: [limited, free], concurrency: 8 });
    const calls = [
      ...Array.from({ length: 6 }, (_, index) => ({ id: `l${index}`, tool: "limited" })),
      ...Array.from({ length: 4 }, (_, index) => ({ id: `f${index}`, tool: "free" })),
    ];
    const run = executor.run({ calls });
    let freeEnded = 0;
    run.subscribe((event) => {
      if (event.type === "call-end" && event.tool === "free" && ++freeEnded === 4) release.resolve();
    });
    const result = await run.result();
    expect(result.status).toBe("succeeded");
    expect(recorder.maxByTool.get("limited")).toBe(2);
    // The free calls, ranked lower than the waiting limited ones, still all finished before any limited call did.
    for (const id of ["f0", "f1", "f2", "f3"]) {
      expect(recorder.endOrder.get(id)).toBeLessThan(recorder.endOrder.get("l0") as number);
    }
  });

  it("starts the call on the longest remaining path first", async () => {
    const recorder = new Recorder();
    const quick = recordingTool("quick", recorder, { extra: { estimateMs: 1 } });
    const long = recordingTool("long", recorder, { extra: { estimateMs: 100 } });
    const executor = new Executor({ tools: [quick, long], concurrency: 1 });
    const result = await executor
      .run({
        calls: [
          { id: "a", tool: "quick" },
          { id: "b", tool: "quick" },
          { id: "c", tool: "quick" },
          { id: "d", tool: "long", after: ["c"] },
          { id: "e", tool: "long" },
        ],
      })
      .result();
    expect(result.status).toBe("succeeded");
    // c heads a path of 101 ms, e is 100 ms alone, a and b are 1 ms: c, then d (101→100) ties e? d's rank is 100,
    // e's is 100; plan order breaks the tie.
    expect(recorder.starts).toEqual(["c", "d", "e", "a", "b"]);
  });

  it("keeps plan order among calls of equal rank", async () => {
    const recorder = new Recorder();
    const executor = new Executor({ tools: [recordingTool("work", recorder)], concurrency: 1 });
    const ids = ["k", "b", "x", "a", "m"];
    await executor.run({ calls: ids.map((id) => ({ id, tool: "work" })) }).result();
    expect(recorder.starts).toEqual(ids);
  });

  it("shares one global limit across concurrent runs of an executor, with a per-run limit too", async () => {
    const recorder = new Recorder();
    const executor = new Executor({
      tools: [recordingTool("work", recorder, { ticks: () => 3 })],
      concurrency: 5,
    });
    const perRun = new Recorder();
    const runs = [0, 1, 2].map((runIndex) =>
      executor.run(
        { calls: Array.from({ length: 10 }, (_, index) => ({ id: `r${runIndex}c${index}`, tool: "work" })) },
        {
          concurrency: 2,
          onEvent: (event) => {
            if (runIndex !== 0) return;
            if (event.type === "call-start") perRun.start("work", event.callId);
            if (event.type === "call-end" && event.status === "succeeded") perRun.end("work", event.callId);
          },
        },
      ),
    );
    const results = await Promise.all(runs.map((run) => run.result()));
    expect(results.every((result) => result.status === "succeeded")).toBe(true);
    expect(recorder.maxRunning).toBe(5);
    expect(perRun.maxRunning).toBe(2);
  });

  it("learns durations so that a second run ranks by what it observed", async () => {
    const recorder = new Recorder();
    // A timer, not event-loop ticks: on a loaded machine one tick can take as long as many.
    const slow = recordingTool("slow", recorder, {
      gate: () => new Promise<void>((resolve) => setTimeout(resolve, 80)),
    });
    const fast = recordingTool("fast", recorder, { ticks: () => 1 });
    const executor = new Executor({ tools: [slow, fast], concurrency: 1 });
    const plan = {
      calls: [
        { id: "f", tool: "fast" },
        { id: "s", tool: "slow" },
      ],
    };
    await executor.run(plan).result();
    expect(recorder.starts).toEqual(["f", "s"]);
    expect(executor.costModel.estimate("slow")).toBeGreaterThan(
      executor.costModel.estimate("fast") as number,
    );
    await executor.run(plan).result();
    expect(recorder.starts.slice(2)).toEqual(["s", "f"]);
  });
});
