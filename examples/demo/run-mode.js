// Runs the agent once in one mode, against a fresh stand-in service and a fresh simulated model, and gathers what the
// demo shows: the measured latency, the turns and calls, how many calls ran at once, what was retried, throttled or
// held back, and the timeline for the report.
import { performance } from "node:perf_hooks";
import { runAgent } from "weft";
import { AgentTimeline } from "./agent-timeline.js";
import { placeNameOf } from "./remote-apis.js";
import { startSimulatedModel } from "./simulated-model.js";
import { startStandInService } from "./stand-in-service.js";
import { travelTools } from "./travel-tools.js";
import { question } from "./trip-question.js";

/**
 * @param {"sequential" | "parallel" | "compiler"} mode
 * @param {{ seed: number, timeScale: number }} options
 */
export async function runMode(mode, { seed, timeScale }) {
  const service = await startStandInService({ seed, timeScale });
  const simulated = await startSimulatedModel({ timeScale });
  const labels = new Map();
  // Each call is named after its tool and city in the output, from the input its tool receives.
  const tools = travelTools(service.url).map((tool) => ({
    ...tool,
    execute(input, context) {
      labels.set(context.callId, `${tool.name} ${placeNameOf(input) ?? JSON.stringify(input)}`);
      return tool.execute(input, context);
    },
  }));
  const timeline = new AgentTimeline(`demo-${mode}`);
  const happenings = new Happenings();
  const startedAt = performance.now();
  try {
    const result = await runAgent({
      model: simulated.model,
      tools,
      prompt: question,
      mode,
      maxTurns: 20,
      onEvent(event) {
        timeline.onEvent(event);
        if (event.type === "run-event") happenings.add(event.event, event.time);
      },
    });
    const latencyMs = performance.now() - startedAt;
    const labelOf = (callId) => labels.get(callId);
    const calls = result.calls.map((call) => ({
      id: call.id,
      label: labelOf(call.id) ?? call.id,
      tool: call.tool,
      turn: call.turn,
      status: call.status,
      attempts: call.attempts,
      startMs: call.startMs,
      endMs: call.endMs,
      error: call.error?.message,
    }));
    return {
      mode,
      latencyMs,
      status: result.status,
      answer: result.answer,
      modelTurns: result.modelCalls,
      toolCalls: result.toolCalls,
      maxConcurrency: largestOverlap(calls),
      calls,
      happenings: happenings.list.map((happening) => ({ ...happening, label: labelOf(happening.callId) })),
      requests: service.requests.map((request) => ({
        ...request,
        receivedMs: request.receivedAt - startedAt,
        answeredMs: request.answeredAt === undefined ? undefined : request.answeredAt - startedAt,
      })),
      timeline: timeline.finish({
        latencyMs,
        isSucceeded: result.status === "answered" && calls.every((call) => call.status === "succeeded"),
        labelOf,
      }),
    };
  } finally {
    await Promise.all([service.close(), simulated.server.close()]);
  }
}

/**
 * What weft did about the services' limits and failures, from the runs' events: retries after a failure, throttles
 * after a 429 (the wait the service asked for), and waits for a limit (a tool's concurrency, a rate limit).
 */
class Happenings {
  list = [];
  #openWaits = new Map();

  add(event, timeMs) {
    if (!("callId" in event)) return;
    const open = this.#openWaits.get(event.callId);
    if (open !== undefined && event.type !== "call-queued") {
      open.waitedMs = timeMs - open.timeMs;
      this.#openWaits.delete(event.callId);
      if (open.waitedMs >= 1) this.list.push(open);
    }
    if (event.type === "call-retry") {
      const isThrottle = event.error.code === "RATE_LIMITED";
      this.list.push({
        kind: isThrottle ? "throttle" : "retry",
        callId: event.callId,
        tool: event.tool,
        timeMs,
        attempt: event.attempt,
        delayMs: event.delayMs,
        retryAfterMs: isThrottle ? event.error.retryAfterMs : undefined,
        key: isThrottle ? event.error.key : undefined,
        message: event.error.cause instanceof Error ? event.error.cause.message : event.error.message,
      });
    } else if (
      event.type === "call-wait" &&
      (event.cause === "tool-limit" || event.cause.startsWith("rate:"))
    ) {
      this.#openWaits.set(event.callId, {
        kind: "wait",
        callId: event.callId,
        tool: event.tool,
        timeMs,
        cause: event.cause,
      });
    }
  }
}

/** The largest number of calls running at the same moment, from their start and end times. */
export function largestOverlap(calls) {
  let largest = 0;
  for (const call of calls) {
    if (call.startMs === null) continue;
    const running = calls.filter(
      (other) =>
        other === call ||
        (other.startMs !== null && other.startMs <= call.startMs && call.startMs < other.endMs),
    ).length;
    largest = Math.max(largest, running);
  }
  return largest;
}
