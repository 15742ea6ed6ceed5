import pc from "picocolors";
import { describe, expect, it } from "vitest";
import { formatSummary } from "../../src/cli/summary.js";
import type { CallResult, RunResult } from "../../src/events/run-result.js";

const colors = pc.createColors(false);

function call(id: string, durationMs: number, fields: Partial<CallResult> = {}): CallResult {
  return {
    id,
    tool: "sleep",
    status: "succeeded",
    attempts: 1,
    queuedMs: 0,
    startMs: 0,
    endMs: durationMs,
    durationMs,
    isCached: false,
    isDeduplicated: false,
    isHedged: false,
    isWonByHedge: false,
    ...fields,
  };
}

const notRun = { attempts: 0, startMs: null, endMs: null, durationMs: 0 } as const;

function result(calls: CallResult[], makespanMs: number, fields: Partial<RunResult> = {}): RunResult {
  const sequentialMs = calls.reduce((sum, entry) => sum + entry.durationMs, 0);
  return {
    runId: "run-test",
    status: calls.every((entry) => entry.status === "succeeded") ? "succeeded" : "failed",
    makespanMs,
    sequentialMs,
    criticalPathMs: sequentialMs,
    criticalPath: [],
    speedup: makespanMs > 0 ? Math.round((sequentialMs / makespanMs) * 100) / 100 : 1,
    abandoned: 0,
    calls,
    ...fields,
  };
}

describe("formatSummary", () => {
  it("headlines the speedup of a run long enough to measure", () => {
    const text = formatSummary(result([call("a", 100), call("b", 100)], 101), colors);
    expect(text).toMatch(/sequential\s+200ms {2}speedup 1\.98× over running the calls one by one/);
  });

  it("says that no call ran, instead of a 0ms sequential and a 0.00× speedup", () => {
    const cancelled = { status: "cancelled", ...notRun } as const;
    const text = formatSummary(result([call("a", 0, cancelled), call("b", 0, cancelled)], 0.3), colors);
    expect(text).toMatch(/sequential\s+no call ran/);
    expect(text).not.toContain("speedup");
    expect(text).not.toContain("0.00×");
  });

  it("says that one call has nothing to run in parallel", () => {
    const skipped = { status: "skipped", ...notRun } as const;
    const text = formatSummary(
      result([call("a", 2, { status: "failed" }), call("b", 0, skipped)], 2.5),
      colors,
    );
    expect(text).toMatch(/sequential\s+2ms {2}one call ran: nothing to run in parallel/);
    expect(text).not.toContain("speedup");
  });

  it("does not headline a speedup below 1 for a run too short to measure", () => {
    const text = formatSummary(result([call("a", 0.2), call("b", 0.3)], 1.2), colors);
    expect(text).toMatch(/sequential\s+0\.5ms {2}too short to measure a speedup/);
    expect(text).not.toContain("×");
  });

  it("says when the one-by-one sum covers only the calls that ran", () => {
    const skipped = { status: "skipped", ...notRun } as const;
    const text = formatSummary(result([call("a", 40), call("b", 40), call("c", 0, skipped)], 41), colors);
    expect(text).toMatch(/sequential\s+80ms \(the 2 calls that ran\) {2}speedup 1\.95×/);
  });
});
