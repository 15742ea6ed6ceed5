import { describe, expect, it } from "vitest";
import { WeftError } from "../../src/errors/weft-error.js";
import type { RunResult } from "../../src/events/run-result.js";
import type { WeftEvent } from "../../src/events/types.js";
import { toChromeTrace } from "../../src/telemetry/index.js";

const runId = "run-1";
const base = { runId, isCached: false, isDeduplicated: false };

function start(callId: string, time: number, attempt = 1): WeftEvent {
  return { type: "call-start", runId, time, callId, tool: "t", attempt };
}

function end(
  callId: string,
  time: number,
  status: "succeeded" | "failed" | "skipped" = "succeeded",
): WeftEvent {
  return { type: "call-end", ...base, time, callId, tool: "t", status, attempts: 1, durationMs: 0 };
}

const result: RunResult = {
  runId,
  status: "succeeded",
  makespanMs: 10,
  sequentialMs: 12,
  criticalPathMs: 8,
  criticalPath: ["a"],
  speedup: 1.2,
  abandoned: 0,
  calls: [],
};

describe("toChromeTrace", () => {
  it("puts overlapping attempts on different lanes and reuses a lane once it is free", () => {
    const trace = toChromeTrace([
      { type: "run-start", runId, time: 0, calls: 3, concurrency: 2 },
      start("a", 1),
      start("b", 2),
      end("a", 5),
      start("c", 6),
      end("b", 7),
      end("c", 9.5),
      { type: "run-end", runId, time: 10, status: "succeeded", result },
    ]);
    const spans = trace.traceEvents.filter((event) => event.ph === "X" && event.cat !== "run");
    const lane = (id: string): number | undefined => spans.find((span) => span.name === id)?.tid;
    expect(lane("a")).not.toBe(lane("b"));
    expect(lane("c")).toBe(lane("a"));
    expect(spans.find((span) => span.name === "c")).toMatchObject({ ts: 6000, dur: 3500 });
    expect(
      trace.traceEvents.filter((event) => event.name === "thread_name").map((event) => event.tid),
    ).toEqual([0, 1, 2]);
    const runSpan = trace.traceEvents.find((event) => event.cat === "run");
    expect(runSpan).toMatchObject({ ph: "X", ts: 0, dur: 10_000, args: { speedup: 1.2, runId } });
  });

  it("gives each attempt of a retried call its own span", () => {
    const error = new WeftError("TOOL_FAILED", "flaky");
    const trace = toChromeTrace([
      start("a", 0, 1),
      { type: "call-retry", runId, time: 3, callId: "a", tool: "t", attempt: 1, delayMs: 2, error },
      start("a", 5, 2),
      end("a", 8),
    ]);
    const spans = trace.traceEvents.filter((event) => event.ph === "X");
    expect(spans.map((span) => span.args)).toEqual([
      { callId: "a", tool: "t", status: "retried", attempt: 1, errorCode: "TOOL_FAILED" },
      { callId: "a", tool: "t", status: "succeeded", attempt: 2 },
    ]);
  });

  it("marks calls that ended without running as instants on the run's lane", () => {
    const trace = toChromeTrace([end("skipped-one", 4, "skipped")]);
    expect(trace.traceEvents.filter((event) => event.ph === "i")).toEqual([
      expect.objectContaining({ tid: 0, ts: 4000, args: expect.objectContaining({ status: "skipped" }) }),
    ]);
  });
});
