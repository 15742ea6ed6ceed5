import pc from "picocolors";
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/agent/types.js";
import { AgentReporter } from "../../src/cli/agent-reporter.js";
import type { WeftEvent } from "../../src/events/types.js";

const runId = "run-1";
const call = (callId: string) => ({ runId, time: 0, callId, tool: "fs.write" });

describe("AgentReporter", () => {
  it("says what a call waited on before it started, and sums up the slots a turn's calls used", () => {
    let written = "";
    const reporter = new AgentReporter(
      { write: (text: string) => (written += text) },
      pc.createColors(false),
    );
    const runEvents: WeftEvent[] = [
      { type: "run-start", runId, time: 0, calls: 2, concurrency: 4 },
      { type: "call-queued", ...call("a"), dependencies: [] },
      { type: "call-queued", ...call("b"), dependencies: [] },
      { type: "call-ready", ...call("a"), rank: 1 },
      { type: "call-ready", ...call("b"), rank: 1 },
      { type: "call-start", ...call("a"), attempt: 1 },
      { type: "call-wait", ...call("b"), cause: "lock:file:notes.md" },
      {
        type: "call-end",
        ...call("a"),
        status: "succeeded",
        attempts: 1,
        durationMs: 5,
        isCached: false,
        isDeduplicated: false,
      },
      { type: "call-start", ...call("b"), attempt: 1 },
      {
        type: "call-end",
        ...call("b"),
        status: "succeeded",
        attempts: 1,
        durationMs: 5,
        isCached: false,
        isDeduplicated: false,
      },
    ];
    const events: AgentEvent[] = [
      ...runEvents.map((event): AgentEvent => ({ type: "run-event", turn: 0, event, time: 0 }) as AgentEvent),
      { type: "answer", answer: "done", status: "answered", time: 0 } as AgentEvent,
    ];
    for (const event of events) reporter.handle(event);
    const lines = written.trimEnd().split("\n");
    expect(lines).toContain("  ⋯ b waited on lock:file:notes.md");
    // Samples at each start and end: 1, 0, 1, 0 of 4 slots.
    expect(lines.at(-1)).toBe("  slots ▃▁▃▁ peak 1/4");
  });
});
