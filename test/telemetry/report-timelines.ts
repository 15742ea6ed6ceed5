import { ToolExecutionError } from "../../src/errors/tool-execution-error.js";
import type { RunStatus } from "../../src/events/run-result.js";
import type { WeftEvent } from "../../src/events/types.js";
import type { Timeline } from "../../src/telemetry/index.js";
import { TimelineBuilder } from "../../src/telemetry/index.js";

/** Timelines built from hand-written events, for the report's tests. */

const runId = "run-report";
const flags = { isCached: false, isDeduplicated: false };

/** Builds a finished Timeline from events, ending the run at `endMs` with the critical path the builder finds. */
export function finishedTimeline(
  events: readonly WeftEvent[],
  endMs: number,
  status: RunStatus,
  concurrency = 4,
): Timeline {
  const builder = new TimelineBuilder();
  builder.add({ type: "run-start", runId, time: 0, calls: 0, concurrency });
  for (const event of events) builder.add(event);
  const soFar = builder.snapshot();
  builder.add({
    type: "run-end",
    runId,
    time: endMs,
    status,
    result: {
      runId,
      status,
      makespanMs: endMs,
      sequentialMs: soFar.sequentialMs,
      criticalPathMs: soFar.criticalPathMs,
      criticalPath: soFar.criticalPath,
      speedup: endMs > 0 ? soFar.sequentialMs / endMs : 1,
      abandoned: 0,
      calls: [],
    },
  });
  return builder.snapshot();
}

export function queued(callId: string, tool: string, time: number, dependencies: string[] = []): WeftEvent {
  return { type: "call-queued", runId, time, callId, tool, dependencies };
}

export function ready(callId: string, tool: string, time: number): WeftEvent {
  return { type: "call-ready", runId, time, callId, tool, rank: 0 };
}

export function waitOn(
  callId: string,
  tool: string,
  time: number,
  cause: `rate:${string}` | "tool-limit",
): WeftEvent {
  return { type: "call-wait", runId, time, callId, tool, cause };
}

export function start(callId: string, tool: string, time: number, attempt = 1): WeftEvent {
  return { type: "call-start", runId, time, callId, tool, attempt };
}

export function retry(callId: string, tool: string, time: number, attempt: number): WeftEvent {
  const error = new ToolExecutionError({ toolName: tool, callId, attempt, cause: new Error("flaky") });
  return { type: "call-retry", runId, time, callId, tool, attempt, delayMs: 5, error };
}

export function end(
  callId: string,
  tool: string,
  time: number,
  status: "succeeded" | "failed" | "skipped" = "succeeded",
  extra: { isCached?: boolean; attempts?: number; message?: string } = {},
): WeftEvent {
  return {
    type: "call-end",
    runId,
    ...flags,
    isCached: extra.isCached ?? false,
    time,
    callId,
    tool,
    status,
    attempts: extra.attempts ?? 1,
    durationMs: 0,
    ...(status === "failed"
      ? {
          error: new ToolExecutionError({
            toolName: tool,
            callId,
            attempt: 1,
            cause: new Error(extra.message ?? "boom"),
          }),
        }
      : {}),
  };
}

/**
 * `count` calls spread over `lanes` slots, 10 ms apart per wave: every 7th waits for the call one wave before it,
 * every `failEvery`-th fails, every 5th waits on a rate limit first. Deterministic, so tests can name calls.
 */
export function syntheticTimeline(
  count: number,
  options: { lanes?: number; failEvery?: number } = {},
): Timeline {
  const lanes = options.lanes ?? 16;
  const failEvery = options.failEvery ?? 1000;
  const events: WeftEvent[] = [];
  const ends: WeftEvent[] = [];
  for (let index = 0; index < count; index++) {
    const id = `call-${index}`;
    const tool = `tool-${index % 6}`;
    const wave = Math.floor(index / lanes);
    const dependencies = index % 7 === 0 && index >= lanes ? [`call-${index - lanes}`] : [];
    events.push(queued(id, tool, 0, dependencies));
    if (dependencies.length > 0) events.push(ready(id, tool, wave * 10));
    if (index % 5 === 0) events.push(waitOn(id, tool, wave * 10, "rate:api"));
    const startMs = wave * 10 + 1 + (index % lanes) * 0.01;
    ends.push(start(id, tool, startMs));
    ends.push(end(id, tool, startMs + 8, index % failEvery === failEvery - 1 ? "failed" : "succeeded"));
  }
  // Starts and ends in time order, so that the builder's lanes are reused as a real run would.
  ends.sort((left, right) => left.time - right.time);
  return finishedTimeline([...events, ...ends], Math.ceil(count / lanes) * 10 + 10, "failed", lanes);
}
