import type { WeftEvent } from "../events/types.js";
import { LaneAllocator } from "./lane-allocator.js";
import type { Timeline } from "./timeline.js";
import { TimelineBuilder } from "./timeline-builder.js";

/** One entry of the Chrome trace-event format, as Perfetto and chrome://tracing read it. */
export interface ChromeTraceEvent {
  name: string;
  /** `X` a complete span, `i` an instant, `M` metadata (process and thread names). */
  ph: "X" | "i" | "M";
  /** Microseconds from the run's start. */
  ts: number;
  /** Microseconds, for `X` events. */
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  /** The scope of an instant event: `t` its thread. */
  s?: "t";
  args?: Record<string, unknown>;
}

/**
 * A trace file in the JSON object format: `{ "traceEvents": [...] }`, which Perfetto and chrome://tracing open, plus
 * the run's Timeline under `weft` (those viewers ignore it), from which `weft report` draws its report.
 */
export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: "ms";
  weft: Timeline;
}

/** Options of `toChromeTrace`. */
export interface ChromeTraceOptions {
  /**
   * The process name shown above the lanes.
   * @default "weft run <runId>"
   */
  processName?: string;
}

interface OpenAttempt {
  tool: string;
  attempt: number;
  startMs: number;
  lane: number;
}

const pid = 1;
/** The lane of the run itself and of calls that ended without running (skipped, cached, shared). */
const runLane = 0;

/**
 * Turns a run's events into a Chrome trace: one complete (`X`) event per attempt, on a lane (`tid`) that no other
 * attempt uses at the same time, so overlapping calls sit on different lanes and the picture shows the parallelism.
 * A pure function of the events: it reads nothing else and can run on events recorded earlier.
 *
 * @example
 * const events: WeftEvent[] = [];
 * const run = executor.run(plan, { onEvent: (event) => events.push(event) });
 * await run.result();
 * await writeFile("trace.json", JSON.stringify(toChromeTrace(events)));
 */
export function toChromeTrace(events: Iterable<WeftEvent>, options: ChromeTraceOptions = {}): ChromeTrace {
  const traceEvents: ChromeTraceEvent[] = [];
  const open = new Map<string, OpenAttempt>();
  const lanes = new LaneAllocator();
  const timeline = new TimelineBuilder();
  let runId: string | undefined;
  let runStartMs = 0;

  const close = (
    callId: string,
    endMs: number,
    status: string,
    extra: Record<string, unknown> = {},
  ): void => {
    const attempt = open.get(callId);
    if (attempt === undefined) return;
    open.delete(callId);
    lanes.release(attempt.lane);
    traceEvents.push({
      name: callId,
      cat: attempt.tool,
      ph: "X",
      ts: micros(attempt.startMs),
      dur: Math.max(0, micros(endMs) - micros(attempt.startMs)),
      pid,
      tid: attempt.lane,
      args: { callId, tool: attempt.tool, status, attempt: attempt.attempt, ...extra },
    });
  };

  for (const event of events) {
    runId ??= event.runId;
    timeline.add(event);
    switch (event.type) {
      case "run-start":
        runStartMs = event.time;
        break;
      case "call-start":
        close(event.callId, event.time, "restarted");
        open.set(event.callId, {
          tool: event.tool,
          attempt: event.attempt,
          startMs: event.time,
          lane: lanes.acquire(),
        });
        break;
      case "call-retry":
        close(event.callId, event.time, "retried", { errorCode: event.error.code });
        break;
      case "call-abandon":
        close(event.callId, event.time, "abandoned");
        break;
      case "call-progress": {
        const attempt = open.get(event.callId);
        traceEvents.push({
          name: "progress",
          cat: event.tool,
          ph: "i",
          s: "t",
          ts: micros(event.time),
          pid,
          tid: attempt?.lane ?? runLane,
          args: { callId: event.callId, tool: event.tool, progress: event.progress },
        });
        break;
      }
      case "call-end": {
        const error = event.error === undefined ? {} : { errorCode: event.error.code };
        if (open.has(event.callId)) {
          close(event.callId, event.time, event.status, error);
          break;
        }
        const how = event.isCached ? "cached" : event.isDeduplicated ? "shared" : event.status;
        traceEvents.push({
          name: `${event.callId} (${how})`,
          cat: event.tool,
          ph: "i",
          s: "t",
          ts: micros(event.time),
          pid,
          tid: runLane,
          args: {
            callId: event.callId,
            tool: event.tool,
            status: event.status,
            attempt: event.attempts,
            ...error,
          },
        });
        break;
      }
      case "run-end": {
        for (const callId of [...open.keys()]) close(callId, event.time, "unfinished");
        const { result } = event;
        traceEvents.push({
          name: `run ${event.status}`,
          cat: "run",
          ph: "X",
          ts: micros(runStartMs),
          dur: Math.max(0, micros(event.time) - micros(runStartMs)),
          pid,
          tid: runLane,
          args: {
            runId: event.runId,
            status: event.status,
            makespanMs: result.makespanMs,
            sequentialMs: result.sequentialMs,
            criticalPathMs: result.criticalPathMs,
            criticalPath: result.criticalPath,
            speedup: result.speedup,
          },
        });
        break;
      }
      default:
        break;
    }
  }
  const metadata = laneNames(options.processName ?? `weft run ${runId ?? ""}`.trim(), lanes.highest);
  return { traceEvents: [...metadata, ...traceEvents], displayTimeUnit: "ms", weft: timeline.snapshot() };
}

function laneNames(processName: string, highestLane: number): ChromeTraceEvent[] {
  const metadata: ChromeTraceEvent[] = [
    { name: "process_name", ph: "M", ts: 0, pid, tid: runLane, args: { name: processName } },
    { name: "thread_name", ph: "M", ts: 0, pid, tid: runLane, args: { name: "run" } },
  ];
  for (let lane = 1; lane <= highestLane; lane++) {
    metadata.push({ name: "thread_name", ph: "M", ts: 0, pid, tid: lane, args: { name: `slot ${lane}` } });
    metadata.push({ name: "thread_sort_index", ph: "M", ts: 0, pid, tid: lane, args: { sort_index: lane } });
  }
  return metadata;
}

/** Trace times are integer microseconds; event times are fractional milliseconds. */
function micros(milliseconds: number): number {
  return Math.round(milliseconds * 1000);
}
