import { describe, expect, it } from "vitest";
import {
  combineTelemetry,
  DashboardHub,
  Executor,
  type ExecutorTelemetry,
  type WeftEvent,
} from "../../src/index.js";

/** A telemetry that records what it sees and wraps each attempt, noting when it enters and leaves. */
function recordingTelemetry(name: string, log: string[]) {
  const events: WeftEvent[] = [];
  let attached = 0;
  const telemetry: ExecutorTelemetry = {
    attach: () => {
      attached++;
    },
    onEvent: (event) => {
      events.push(event);
    },
    runAttempt: (context, execute) => {
      log.push(`${name} enters ${context.callId}`);
      try {
        return execute();
      } finally {
        log.push(`${name} leaves ${context.callId}`);
      }
    },
  };
  return { telemetry, events, attached: () => attached };
}

describe("combineTelemetry", () => {
  it("gives every event to each, attaches each, and nests their attempt wrappers in order", async () => {
    const log: string[] = [];
    const outer = recordingTelemetry("outer", log);
    const inner = recordingTelemetry("inner", log);
    const hub = new DashboardHub();
    const executor = new Executor({
      tools: [
        {
          name: "work",
          execute: () => {
            log.push("tool runs");
            return "done";
          },
        },
      ],
      telemetry: combineTelemetry(outer.telemetry, hub.telemetry, inner.telemetry),
    });
    const run = executor.run({ calls: [{ id: "a", tool: "work" }] });
    await run.result();
    expect(outer.attached()).toBe(1);
    expect(inner.attached()).toBe(1);
    expect(log).toEqual([
      "outer enters a",
      "inner enters a",
      "tool runs",
      "inner leaves a",
      "outer leaves a",
    ]);
    expect(inner.events.map((event) => event.type)).toEqual(outer.events.map((event) => event.type));
    expect(outer.events.at(-1)?.type).toBe("run-end");
    expect(hub.timeline(run.id)?.calls.map((call) => call.status)).toEqual(["succeeded"]);
  });

  it("still tells the others when one throws, then throws its error", () => {
    const seen: string[] = [];
    const combined = combineTelemetry(
      {
        onEvent: () => {
          throw new Error("broken telemetry");
        },
      },
      { onEvent: (event) => seen.push(event.type) },
    );
    expect(() =>
      combined.onEvent({ type: "run-start", runId: "r", time: 0, calls: 0, concurrency: 1 }),
    ).toThrow("broken telemetry");
    expect(seen).toEqual(["run-start"]);
  });

  it("rejects what is not a telemetry", () => {
    expect(() => combineTelemetry({} as ExecutorTelemetry)).toThrow(
      /argument 0 must be an ExecutorTelemetry/,
    );
  });
});
