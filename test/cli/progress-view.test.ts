import pc from "picocolors";
import { afterEach, describe, expect, it } from "vitest";
import { ProgressView } from "../../src/cli/progress-view.js";
import type { WeftEvent } from "../../src/events/types.js";

const colors = pc.createColors(false);
const runId = "run-1";
const views: ProgressView[] = [];

afterEach(() => {
  for (const view of views.splice(0)) view.stop();
});

function createView(now: { value: number }): { view: ProgressView; written: string[] } {
  const written: string[] = [];
  const output = { write: (text: string) => written.push(text), isTTY: true, columns: 80, rows: 20 };
  const view = new ProgressView(output, colors, { now: () => now.value, intervalMs: 60_000 });
  views.push(view);
  return { view, written };
}

describe("ProgressView", () => {
  it("shows the running calls with their elapsed time and the tallies", () => {
    const now = { value: 0 };
    const { view } = createView(now);
    const events: WeftEvent[] = [
      { type: "run-start", runId, time: 0, calls: 4, concurrency: 2 },
      { type: "call-start", runId, time: 0, callId: "fetch-page", tool: "http.fetch", attempt: 1 },
      { type: "call-start", runId, time: 100, callId: "list", tool: "fs.list", attempt: 1 },
      {
        type: "call-end",
        runId,
        time: 150,
        callId: "list",
        tool: "fs.list",
        status: "succeeded",
        attempts: 1,
        durationMs: 50,
        isCached: false,
        isDeduplicated: false,
      },
    ];
    for (const event of events) view.handle(event);
    now.value = 1500;
    const lines = view.render();
    expect(lines[0]).toContain("1.50s");
    expect(lines[0]).toContain("1/4 done · 0 failed · 1 running · 2 queued");
    expect(lines[1]).toMatch(/^ {2}slots \S* 1\/2$/);
    expect(lines.slice(2)).toEqual([expect.stringMatching(/▸ fetch-page\s+http\.fetch\s+1\.50s$/)]);
  });

  it("counts the queued calls by what they wait on, and draws slots in use as a sparkline", () => {
    const now = { value: 0 };
    const { view } = createView(now);
    const call = (callId: string, tool = "fs.write") => ({ runId, time: 0, callId, tool });
    const events: WeftEvent[] = [
      { type: "run-start", runId, time: 0, calls: 5, concurrency: 2 },
      { type: "call-queued", ...call("a"), dependencies: [] },
      { type: "call-queued", ...call("b"), dependencies: [] },
      { type: "call-queued", ...call("c"), dependencies: [] },
      { type: "call-queued", ...call("d"), dependencies: ["a"] },
      { type: "call-queued", ...call("e"), dependencies: [] },
      { type: "call-ready", ...call("a"), rank: 1 },
      { type: "call-ready", ...call("b"), rank: 1 },
      { type: "call-ready", ...call("c"), rank: 1 },
      { type: "call-ready", ...call("e"), rank: 1 },
      { type: "call-start", ...call("a"), attempt: 1 },
      { type: "call-wait", ...call("b"), cause: "lock:file:notes.md" },
      { type: "call-wait", ...call("c"), cause: "lock:file:notes.md" },
    ];
    for (const event of events) view.handle(event);
    const lines = view.render();
    // The redraw at run-start sampled no call running: the lowest bar.
    expect(lines[1]).toBe("  slots ▁ 1/2");
    expect(lines[2]).toBe("  waiting on 2 lock:file:notes.md, 1 concurrency, 1 dependency");
  });

  it("prints failures above the live area, and erases the area when stopped", () => {
    const now = { value: 0 };
    const { view, written } = createView(now);
    view.handle({ type: "run-start", runId, time: 0, calls: 1, concurrency: 1 });
    view.handle({
      type: "call-end",
      runId,
      time: 5,
      callId: "a",
      tool: "t",
      status: "skipped",
      attempts: 0,
      durationMs: 0,
      isCached: false,
      isDeduplicated: false,
    });
    expect(written.join("")).toContain("- a t SKIPPED skipped\n");
    view.stop();
    const output = written.join("");
    expect(output).toContain("\u001b[?25h");
    expect(output.lastIndexOf("\u001b[0J")).toBeGreaterThan(output.indexOf("SKIPPED"));
  });
});
