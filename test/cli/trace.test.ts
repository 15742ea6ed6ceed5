import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChromeTrace, ChromeTraceEvent } from "../../src/telemetry/index.js";
import { parseJsonOutput, runWeft, temporaryFolder, textTools, writePlan } from "./helpers.js";

describe("weft run --trace", () => {
  it("writes a Chrome trace whose complete events match the calls", async () => {
    const plan = await writePlan({
      calls: [
        // Different inputs: identical idempotent calls would share one execution.
        { id: "a", tool: "sleep", args: { ms: 150 } },
        { id: "b", tool: "sleep", args: { ms: 151 } },
        { id: "c", tool: "sleep", args: { ms: 152 } },
        { id: "d", tool: "text.upper", args: { text: "x" }, after: ["a", "b"] },
        { id: "e", tool: "demo.fail", args: {}, after: ["c"] },
        { id: "f", tool: "sleep", args: { ms: 1 }, after: ["e"] },
      ],
    });
    const tracePath = join(await temporaryFolder(), "nested", "trace.json");
    const outcome = await runWeft([
      "run",
      plan,
      "--tools",
      textTools,
      "--json",
      "--trace",
      tracePath,
      "--no-estimates",
    ]);
    expect(outcome.code).toBe(1);
    const document = parseJsonOutput(outcome);
    const trace = JSON.parse(await readFile(tracePath, "utf8")) as ChromeTrace;
    expect(Array.isArray(trace.traceEvents)).toBe(true);

    const spans = trace.traceEvents.filter((event) => event.ph === "X" && event.cat !== "run");
    const ran = document.calls.filter((call) => call.attempts > 0);
    expect(spans.map((span) => span.args?.callId).sort()).toEqual(ran.map((call) => call.id).sort());
    for (const span of spans) {
      const call = document.calls.find((candidate) => candidate.id === span.args?.callId);
      expect(span.args).toMatchObject({ tool: call?.tool, status: call?.status, attempt: 1 });
      expect(Number.isInteger(span.ts)).toBe(true);
      expect(span.dur).toBeGreaterThanOrEqual(0);
      // Microseconds, matching the call's milliseconds within rounding.
      expect(Math.abs(span.ts / 1000 - (call?.startMs as number))).toBeLessThan(1);
      expect(Math.abs((span.ts + (span.dur as number)) / 1000 - (call?.endMs as number))).toBeLessThan(1);
    }
    expectNoOverlapPerLane(spans);
    // a, b and c ran at once, so they sit on three different lanes.
    const lanesOfFirstThree = new Set(
      spans.filter((span) => "abc".includes(String(span.args?.callId))).map((s) => s.tid),
    );
    expect(lanesOfFirstThree.size).toBe(3);

    const names = trace.traceEvents.filter((event) => event.ph === "M");
    expect(names).toContainEqual(expect.objectContaining({ name: "process_name" }));
    for (const lane of new Set(spans.map((span) => span.tid))) {
      expect(names).toContainEqual(expect.objectContaining({ name: "thread_name", tid: lane }));
    }
    const runSpan = trace.traceEvents.find((event) => event.ph === "X" && event.cat === "run");
    expect(runSpan?.args).toMatchObject({ runId: document.runId, makespanMs: document.makespanMs });
  });
});

function expectNoOverlapPerLane(spans: ChromeTraceEvent[]): void {
  const byLane = new Map<number, ChromeTraceEvent[]>();
  for (const span of spans) byLane.set(span.tid, [...(byLane.get(span.tid) ?? []), span]);
  for (const laneSpans of byLane.values()) {
    laneSpans.sort((left, right) => left.ts - right.ts);
    for (let index = 1; index < laneSpans.length; index++) {
      const previous = laneSpans[index - 1] as ChromeTraceEvent;
      expect((laneSpans[index] as ChromeTraceEvent).ts).toBeGreaterThanOrEqual(
        previous.ts + (previous.dur ?? 0),
      );
    }
  }
}
