import type { RunResult, RunStatus } from "../events/run-result.js";
import type { WaitCause, WeftEvent } from "../events/types.js";
import { LaneAllocator } from "./lane-allocator.js";
import type { Timeline, TimelineAttempt, TimelineAttemptOutcome, TimelineCall } from "./timeline.js";

/**
 * Builds a run's Timeline from its events, one at a time, so that a live view can take a snapshot whenever it likes
 * and a finished run gives the whole picture. It reads nothing but the events.
 *
 * @example
 * const builder = new TimelineBuilder();
 * const run = executor.run(plan, { onEvent: (event) => builder.add(event) });
 * await run.result();
 * const timeline = builder.snapshot();
 */
export class TimelineBuilder {
  #runId = "";
  #status: RunStatus | "running" = "running";
  #startedAt = new Date().toISOString();
  #concurrency = 1;
  #nowMs = 0;
  readonly #calls = new Map<string, TimelineCall>();
  /** The attempts of each call still running. */
  readonly #running = new Map<string, TimelineAttempt[]>();
  readonly #lanes = new LaneAllocator();
  #runningCount = 0;
  readonly #slots: [number, number][] = [[0, 0]];
  #result: RunResult | undefined;

  /** The run's id, once its first event arrived. */
  get runId(): string {
    return this.#runId;
  }

  /** Whether `run-end` arrived. */
  get isEnded(): boolean {
    return this.#status !== "running";
  }

  add(event: WeftEvent): void {
    this.#runId ||= event.runId;
    if (event.time > this.#nowMs) this.#nowMs = event.time;
    switch (event.type) {
      case "run-start":
        this.#concurrency = event.concurrency;
        this.#startedAt = new Date(Date.now() - event.time).toISOString();
        return;
      case "call-queued":
        this.#calls.set(event.callId, {
          id: event.callId,
          tool: event.tool,
          status: "waiting",
          dependencies: [...event.dependencies],
          queuedMs: event.time,
          startMs: null,
          endMs: null,
          attempts: [],
          waits: [
            {
              cause: event.dependencies.length > 0 ? "dependency" : "concurrency",
              startMs: event.time,
              endMs: null,
            },
          ],
          isCached: false,
          isDeduplicated: false,
          isHedged: false,
          retries: 0,
          error: null,
          isOnCriticalPath: false,
        });
        return;
      case "call-ready":
        this.#waitOn(event.callId, "concurrency", event.time);
        return;
      case "call-wait":
        this.#waitOn(event.callId, event.cause, event.time);
        return;
      case "call-start": {
        const call = this.#calls.get(event.callId);
        if (call === undefined) return;
        closeWait(call, event.time);
        call.status = "running";
        call.startMs ??= event.time;
        this.#open(call, event.attempt, event.time, false);
        return;
      }
      case "call-hedge": {
        const call = this.#calls.get(event.callId);
        if (call === undefined) return;
        call.isHedged = true;
        this.#open(call, event.attempt, event.time, true);
        return;
      }
      case "call-retry": {
        const call = this.#calls.get(event.callId);
        if (call === undefined) return;
        call.retries++;
        this.#closeAttempts(call, event.time, "retried");
        call.status = "waiting";
        call.waits.push({ cause: "backoff", startMs: event.time, endMs: null });
        return;
      }
      case "call-abandon": {
        const call = this.#calls.get(event.callId);
        if (call !== undefined) this.#closeAttempts(call, event.time, "abandoned");
        return;
      }
      case "call-end": {
        const call = this.#calls.get(event.callId);
        if (call === undefined) return;
        closeWait(call, event.time);
        this.#closeAttempts(
          call,
          event.time,
          event.status === "succeeded" ? "succeeded" : event.status === "failed" ? "failed" : "cancelled",
          event.isWonByHedge === true,
        );
        call.status = event.status;
        call.endMs = event.time;
        call.isCached = event.isCached;
        call.isDeduplicated = event.isDeduplicated;
        if (event.error !== undefined) call.error = { code: event.error.code, message: event.error.message };
        return;
      }
      case "run-end":
        this.#status = event.status;
        this.#result = event.result;
        for (const call of this.#calls.values()) {
          closeWait(call, event.time);
          this.#closeAttempts(call, event.time, "cancelled");
        }
        return;
      default:
        return;
    }
  }

  /** The timeline as it stands: whole once the run ended, the picture so far while it runs. */
  snapshot(): Timeline {
    const calls = [...this.#calls.values()].map(copyCall);
    const result = this.#result;
    let sequentialMs = 0;
    let lastEndMs = 0;
    for (const call of calls) {
      for (const attempt of call.attempts) {
        if (!attempt.isHedge) sequentialMs += (attempt.endMs ?? this.#nowMs) - attempt.startMs;
      }
      lastEndMs = Math.max(lastEndMs, call.endMs ?? (call.status === "running" ? this.#nowMs : 0));
    }
    const makespanMs = result?.makespanMs ?? lastEndMs;
    if (result !== undefined) sequentialMs = result.sequentialMs;
    const critical =
      result === undefined
        ? longestChain(calls, this.#nowMs)
        : { lengthMs: result.criticalPathMs, path: result.criticalPath };
    const onPath = new Set(critical.path);
    for (const call of calls) call.isOnCriticalPath = onPath.has(call.id);
    return {
      format: "weft-timeline",
      version: 1,
      runId: this.#runId,
      status: this.#status,
      startedAt: this.#startedAt,
      concurrency: this.#concurrency,
      nowMs: this.#nowMs,
      makespanMs,
      sequentialMs,
      criticalPathMs: critical.lengthMs,
      lowerBoundMs: Math.max(critical.lengthMs, sequentialMs / Math.max(1, this.#concurrency)),
      speedup: result?.speedup ?? (makespanMs > 0 ? sequentialMs / makespanMs : 1),
      criticalPath: critical.path,
      lanes: this.#lanes.highest,
      calls,
      slots: this.#slots.map(([time, running]) => [time, running]),
    };
  }

  #waitOn(callId: string, cause: WaitCause, time: number): void {
    const call = this.#calls.get(callId);
    if (call === undefined) return;
    const open = call.waits.at(-1);
    if (open !== undefined && open.endMs === null) {
      if (open.cause === cause) return;
      open.endMs = time;
    }
    call.waits.push({ cause, startMs: time, endMs: null });
  }

  #open(call: TimelineCall, attempt: number, time: number, isHedge: boolean): void {
    const opened: TimelineAttempt = {
      attempt,
      startMs: time,
      endMs: null,
      outcome: "running",
      isHedge,
      lane: this.#lanes.acquire(),
    };
    call.attempts.push(opened);
    const running = this.#running.get(call.id);
    if (running === undefined) this.#running.set(call.id, [opened]);
    else running.push(opened);
    this.#step(time, 1);
  }

  /** Ends the call's running attempts; of a hedged pair, the winner (the hedge, when `isWonByHedge`) keeps `outcome`. */
  #closeAttempts(
    call: TimelineCall,
    time: number,
    outcome: TimelineAttemptOutcome,
    isWonByHedge = false,
  ): void {
    const running = this.#running.get(call.id);
    if (running === undefined) return;
    this.#running.delete(call.id);
    running.forEach((attempt, position) => {
      attempt.endMs = time;
      // The loser of a hedged pair was stopped when the call ended.
      const isWinner = isWonByHedge ? attempt.isHedge : position === 0;
      attempt.outcome = isWinner ? outcome : "cancelled";
      this.#lanes.release(attempt.lane);
      this.#step(time, -1);
    });
  }

  #step(time: number, change: number): void {
    this.#runningCount += change;
    const last = this.#slots.at(-1) as [number, number];
    if (last[0] === time) last[1] = this.#runningCount;
    else this.#slots.push([time, this.#runningCount]);
  }
}

function closeWait(call: TimelineCall, time: number): void {
  const open = call.waits.at(-1);
  if (open !== undefined && open.endMs === null) open.endMs = time;
}

function copyCall(call: TimelineCall): TimelineCall {
  return {
    ...call,
    dependencies: [...call.dependencies],
    attempts: call.attempts.map((attempt) => ({ ...attempt })),
    waits: call.waits.map((wait) => ({ ...wait })),
    error: call.error === null ? null : { ...call.error },
  };
}

/** The longest chain of dependent calls by running time so far (running attempts counted up to `nowMs`). */
function longestChain(calls: readonly TimelineCall[], nowMs: number): { lengthMs: number; path: string[] } {
  const byId = new Map(calls.map((call) => [call.id, call]));
  const longest = new Map<string, { lengthMs: number; previous: string | undefined }>();
  const lengthOf = (call: TimelineCall): number => {
    const known = longest.get(call.id);
    if (known !== undefined) return known.lengthMs;
    // Marked before the dependencies are visited, so that a malformed cycle cannot recurse forever.
    longest.set(call.id, { lengthMs: 0, previous: undefined });
    let before = 0;
    let previous: string | undefined;
    for (const id of call.dependencies) {
      const dependency = byId.get(id);
      if (dependency === undefined) continue;
      const length = lengthOf(dependency);
      if (length >= before) {
        before = length;
        previous = id;
      }
    }
    let running = 0;
    for (const attempt of call.attempts) {
      if (!attempt.isHedge) running += (attempt.endMs ?? nowMs) - attempt.startMs;
    }
    const lengthMs = before + running;
    longest.set(call.id, { lengthMs, previous });
    return lengthMs;
  };
  let end: string | undefined;
  let endLength = 0;
  for (const call of calls) {
    const length = lengthOf(call);
    if (end === undefined || length > endLength) {
      end = call.id;
      endLength = length;
    }
  }
  const path: string[] = [];
  for (let id = end; id !== undefined; id = longest.get(id)?.previous) path.unshift(id);
  return { lengthMs: endLength, path };
}
