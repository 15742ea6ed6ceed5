import { describe, expect, it } from "vitest";
import { Executor, PlanError, RunClosedError, type WeftEvent } from "../../src/index.js";
import { deferred, Recorder, recordingTool } from "../helpers.js";

describe("a plan that grows while it runs", () => {
  it("dispatches calls as they are added and ends only after end()", async () => {
    const recorder = new Recorder();
    const executor = new Executor({
      tools: [recordingTool("work", recorder, { output: (input) => ({ got: input.v ?? null }) })],
    });
    const run = executor.run([], { isOpen: true });
    run.add({ id: "first", tool: "work", args: { v: 1 } });
    const firstEnded = deferred();
    run.subscribe((event) => {
      if (event.type === "call-end" && event.callId === "first") firstEnded.resolve();
    });
    await firstEnded.promise;
    // The first call already finished before the rest of the plan arrived.
    expect(recorder.ends).toEqual(["first"]);
    run.add([
      { id: "second", tool: "work", args: { v: { $ref: "first.got" } } },
      { id: "third", tool: "work", after: ["second"] },
    ]);
    let isSettled = false;
    void run.result().then(() => {
      isSettled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorder.ends).toEqual(["first", "second", "third"]);
    expect(isSettled).toBe(false);
    run.end();
    const result = await run.result();
    expect(result.status).toBe("succeeded");
    expect(result.calls[1]?.output).toEqual({ got: 1 });
    expect(() => run.add({ id: "late", tool: "work" })).toThrow(RunClosedError);
  });

  it("checks each addition on its own: a bad call throws and the run goes on", async () => {
    const executor = new Executor({ tools: [{ name: "echo", execute: (input: unknown) => input }] });
    const run = executor.run([{ id: "a", tool: "echo" }], { isOpen: true });
    expect(() => run.add({ id: "b", tool: "echo", args: { v: { $ref: "later" } } })).toThrow(PlanError);
    expect(() => run.add({ id: "a", tool: "echo" })).toThrow(/used more than once/);
    run.add({ id: "c", tool: "echo", args: { v: { $ref: "a" } } });
    run.end();
    const result = await run.result();
    expect(result.calls.map((call) => call.id)).toEqual(["a", "c"]);
    expect(result.status).toBe("succeeded");
  });

  it("refuses additions to a run that was not opened", () => {
    const executor = new Executor({ tools: [{ name: "echo", execute: () => 1 }] });
    const run = executor.run([{ id: "a", tool: "echo" }]);
    expect(() => run.add({ id: "b", tool: "echo" })).toThrow(/isOpen: true/);
  });

  it("raises the rank of waiting calls when new dependents lengthen their path", async () => {
    const recorder = new Recorder();
    const hold = deferred();
    const executor = new Executor({
      tools: [
        recordingTool("blocker", recorder, { gate: () => hold.promise, extra: { estimateMs: 1000 } }),
        recordingTool("work", recorder, { extra: { estimateMs: 10 } }),
      ],
      concurrency: 1,
    });
    const run = executor.run(
      [
        { id: "block", tool: "blocker" },
        { id: "x", tool: "work" },
        { id: "y", tool: "work" },
      ],
      {
        isOpen: true,
      },
    );
    await new Promise((resolve) => setImmediate(resolve));
    // y gains a long chain behind it, so it must now start before x.
    run.add([
      { id: "y2", tool: "work", after: ["y"] },
      { id: "y3", tool: "work", after: ["y2"] },
    ]);
    run.end();
    hold.resolve();
    await run.result();
    // y (rank 30 now) and y2 (20) go before x (10); y3 then ties x at 10, and x arrived first.
    expect(recorder.starts).toEqual(["block", "y", "y2", "x", "y3"]);
  });
});

describe("events", () => {
  it("streams each call's life in order, progress included, and ends after run-end", async () => {
    const executor = new Executor({
      tools: [
        {
          name: "steps",
          execute: (_input: unknown, context: { progress(data: unknown): void }) => {
            context.progress({ step: 1, of: 2 });
            context.progress({ step: 2, of: 2 });
            return "done";
          },
        },
      ],
    });
    const run = executor.run({
      calls: [
        { id: "s", tool: "steps" },
        { id: "t", tool: "steps", after: ["s"] },
      ],
    });
    const events: WeftEvent[] = [];
    for await (const event of run.events) events.push(event);
    const forS = events
      .filter((event) => "callId" in event && event.callId === "s")
      .map((event) => event.type);
    expect(forS).toEqual([
      "call-queued",
      "call-ready",
      "call-start",
      "call-progress",
      "call-progress",
      "call-end",
    ]);
    expect(events[0]?.type).toBe("run-start");
    expect(events.at(-1)?.type).toBe("run-end");
    const times = events.map((event) => event.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const progress = events.find((event) => event.type === "call-progress");
    expect(progress).toMatchObject({ progress: { step: 1, of: 2 }, attempt: 1 });
    const tQueued = events.find((event) => event.type === "call-queued" && event.callId === "t");
    expect(tQueued).toMatchObject({ dependencies: ["s"] });
  });

  it("reports times, the sequential sum, the critical path and the speedup", async () => {
    const executor = new Executor({
      tools: [
        {
          name: "wait",
          execute: ({ ms }: { ms: number }) => new Promise((resolve) => setTimeout(resolve, ms)),
        },
      ],
    });
    const result = await executor
      .run({
        calls: [
          { id: "a", tool: "wait", args: { ms: 30 } },
          { id: "b", tool: "wait", args: { ms: 30 } },
          { id: "c", tool: "wait", args: { ms: 30 } },
          { id: "d", tool: "wait", args: { ms: 30 }, after: ["a"] },
        ],
      })
      .result();
    for (const call of result.calls) {
      expect(call.queuedMs as number).toBeLessThanOrEqual(call.startMs as number);
      expect(call.startMs as number).toBeLessThan(call.endMs as number);
    }
    const d = result.calls[3];
    expect(d?.startMs as number).toBeGreaterThanOrEqual(result.calls[0]?.endMs as number);
    expect(result.criticalPath).toEqual(["a", "d"]);
    expect(result.sequentialMs).toBeCloseTo(
      result.calls.reduce((sum, call) => sum + call.durationMs, 0),
      1,
    );
    expect(result.criticalPathMs).toBeLessThanOrEqual(result.makespanMs + 1);
    expect(result.speedup).toBeCloseTo(result.sequentialMs / result.makespanMs, 1);
    expect(result.speedup).toBeGreaterThan(1);
  });
});
