import type { Attributes, Context, Span, Tracer } from "@opentelemetry/api";
import type { WeftError } from "../../errors/weft-error.js";
import type { CallEndEvent, RunEndEvent, RunStartEvent, WeftEvent } from "../../events/types.js";
import { otel } from "./api.js";
import type { CallMetrics } from "./call-metrics.js";
import { CallWaits } from "./call-waits.js";
import { guarded } from "./guard.js";
import { Attribute, executeToolOperation, executeToolSpanName, runSpanName } from "./span-attributes.js";
import { endSpan, setSpanAttribute, startSpan } from "./span-calls.js";

/** An attempt whose span is open. */
interface OpenAttempt {
  readonly span: Span;
  /** The run's context with this span in it: what the attempt's code runs in. */
  readonly context: Context;
  readonly attempt: number;
  readonly startMs: number;
  readonly isHedge: boolean;
  /** When the run gave the attempt up; its span ends then, once the call's next event says why. */
  abandonedAtMs: number | undefined;
}

/** A call of the run that has not ended. */
interface CallTrace {
  readonly tool: string;
  readonly waits: CallWaits;
  /** The primary attempt first, then its hedge duplicate, if any. */
  attempts: OpenAttempt[];
  isHedged: boolean;
}

type AttemptOutcome = "succeeded" | "failed" | "retried" | "abandoned" | "cancelled";

/**
 * The spans of one run: `weft run`, parented to whatever context was active when the run started, and under it one
 * `execute_tool <tool>` span per attempt. Times are the events' own, on the wall clock of the run's start. A call's
 * state is dropped when it ends; the whole at `run-end`.
 */
export class RunTrace {
  readonly #tracer: Tracer;
  readonly #metrics: CallMetrics;
  readonly #runId: string;
  readonly #span: Span;
  readonly #context: Context;
  /** The run's start in ms since the epoch: an event's `time` plus this is its wall-clock time. */
  readonly #startEpochMs: number;
  readonly #calls = new Map<string, CallTrace>();

  constructor(tracer: Tracer, metrics: CallMetrics, event: RunStartEvent) {
    this.#tracer = tracer;
    this.#metrics = metrics;
    this.#runId = event.runId;
    this.#startEpochMs = performance.timeOrigin + performance.now() - event.time;
    const parent = otel().context.active();
    this.#span = startSpan(
      tracer,
      runSpanName,
      {
        [Attribute.runId]: event.runId,
        [Attribute.runCalls]: event.calls,
        [Attribute.runConcurrency]: event.concurrency,
      },
      this.#at(event.time),
      parent,
    );
    this.#context = otel().trace.setSpan(parent, this.#span);
  }

  /** The context an attempt's code runs in: its span's; undefined for an attempt this trace does not know. */
  contextOf(callId: string, attempt: number): Context | undefined {
    return this.#calls.get(callId)?.attempts.find((open) => open.attempt === attempt && !open.isHedge)
      ?.context;
  }

  add(event: WeftEvent): void {
    switch (event.type) {
      case "call-queued":
        this.#calls.set(event.callId, {
          tool: event.tool,
          waits: new CallWaits(event.dependencies.length > 0, event.time),
          attempts: [],
          isHedged: false,
        });
        return;
      case "call-ready":
        this.#calls.get(event.callId)?.waits.ready(event.time);
        return;
      case "call-wait":
        this.#calls.get(event.callId)?.waits.waitOn(event.cause, event.time);
        return;
      case "call-start": {
        const call = this.#calls.get(event.callId);
        if (call === undefined) return;
        const queued = call.waits.started(event.time);
        this.#metrics.attemptQueued(call.tool, queued.queueMs);
        const attributes: Attributes = { [Attribute.callQueueMs]: queued.queueMs };
        if (queued.cause !== undefined) attributes[Attribute.callQueueCause] = queued.cause;
        this.#open(call, event.callId, event.attempt, event.time, false, attributes);
        return;
      }
      case "call-hedge": {
        const call = this.#calls.get(event.callId);
        if (call === undefined) return;
        call.isHedged = true;
        for (const open of call.attempts) setSpanAttribute(open.span, Attribute.callHedge, true);
        this.#open(call, event.callId, event.attempt, event.time, true, {
          [Attribute.callHedgeDuplicate]: true,
        });
        return;
      }
      case "call-abandon":
        for (const open of this.#calls.get(event.callId)?.attempts ?? []) {
          if (open.attempt === event.attempt) open.abandonedAtMs ??= event.time;
        }
        return;
      case "call-retry": {
        const call = this.#calls.get(event.callId);
        if (call === undefined) return;
        this.#closeAttempts(call, event.time, "retried", event.error, undefined);
        call.waits.backoff(event.time);
        return;
      }
      case "call-end":
        this.#callEnded(event);
        return;
      default:
        return;
    }
  }

  /** Ends the run's span, and any attempt's still open (there should be none). */
  end(event: RunEndEvent): void {
    for (const call of this.#calls.values())
      this.#closeAttempts(call, event.time, "cancelled", undefined, undefined);
    this.#calls.clear();
    const result = event.result;
    if (event.status !== "succeeded") {
      guarded("setting the run's status", () =>
        this.#span.setStatus({ code: otel().SpanStatusCode.ERROR, message: `the run ${event.status}` }),
      );
    }
    endSpan(this.#span, this.#at(event.time), {
      [Attribute.runStatus]: event.status,
      [Attribute.runCalls]: result.calls.length,
      [Attribute.runMakespanMs]: result.makespanMs,
      [Attribute.runSequentialMs]: result.sequentialMs,
      [Attribute.runCriticalPathMs]: result.criticalPathMs,
      [Attribute.runSpeedup]: result.speedup,
    });
  }

  #callEnded(event: CallEndEvent): void {
    const call = this.#calls.get(event.callId);
    if (call === undefined) return;
    this.#calls.delete(event.callId);
    if (call.attempts.length > 0) {
      const outcome =
        event.status === "succeeded" ? "succeeded" : event.status === "failed" ? "failed" : "cancelled";
      this.#closeAttempts(call, event.time, outcome, event.error, event);
      return;
    }
    if (!event.isCached && !event.isDeduplicated) return;
    // Served without running: a span of no length says so, where the call's span would have been.
    const span = startSpan(
      this.#tracer,
      executeToolSpanName(event.tool),
      {
        ...this.#callAttributes(event.callId, event.tool),
        [Attribute.callAttempt]: 0,
        [Attribute.callCacheHit]: event.isCached,
        [Attribute.callDeduplicated]: event.isDeduplicated,
        [Attribute.callHedge]: false,
      },
      this.#at(event.time),
      this.#context,
    );
    endSpan(
      span,
      this.#at(event.time),
      { [Attribute.callStatus]: event.status, [Attribute.callOutcome]: event.status },
      event.status === "succeeded" ? undefined : { error: event.error, fallbackType: event.status },
    );
  }

  #open(
    call: CallTrace,
    callId: string,
    attempt: number,
    time: number,
    isHedge: boolean,
    attributes: Attributes,
  ): void {
    const span = startSpan(
      this.#tracer,
      executeToolSpanName(call.tool),
      {
        ...this.#callAttributes(callId, call.tool),
        [Attribute.callAttempt]: attempt,
        [Attribute.callCacheHit]: false,
        [Attribute.callHedge]: call.isHedged,
        ...attributes,
      },
      this.#at(time),
      this.#context,
    );
    call.attempts.push({
      span,
      context: otel().trace.setSpan(this.#context, span),
      attempt,
      startMs: time,
      isHedge,
      abandonedAtMs: undefined,
    });
  }

  /**
   * Ends the call's open attempts. The winner takes the outcome and the error: the hedge duplicate when the call-end
   * event says it won, else the primary; the other one still open was stopped when its call ended, like
   * TimelineBuilder's. `ended` is the call's end, when it ended.
   */
  #closeAttempts(
    call: CallTrace,
    time: number,
    outcome: AttemptOutcome,
    error: WeftError | undefined,
    ended: CallEndEvent | undefined,
  ): void {
    const attempts = call.attempts;
    call.attempts = [];
    const winner = ended?.isWonByHedge === true ? attempts.findIndex((open) => open.isHedge) : 0;
    attempts.forEach((open, position) => {
      const isWinner = position === winner;
      const endMs = open.abandonedAtMs ?? time;
      const attemptOutcome =
        open.abandonedAtMs !== undefined ? "abandoned" : isWinner ? outcome : "cancelled";
      if (!open.isHedge) this.#metrics.attemptRan(call.tool, Math.max(0, endMs - open.startMs));
      const attributes: Attributes = {
        [Attribute.callOutcome]: attemptOutcome,
        [Attribute.callHedge]: call.isHedged,
      };
      if (ended !== undefined) attributes[Attribute.callStatus] = ended.status;
      const isFailure = isWinner ? outcome !== "succeeded" : attemptOutcome !== "cancelled";
      endSpan(
        open.span,
        this.#at(endMs),
        attributes,
        isFailure ? { error: isWinner ? error : undefined, fallbackType: attemptOutcome } : undefined,
      );
    });
  }

  #callAttributes(callId: string, tool: string): Attributes {
    return {
      [Attribute.operationName]: executeToolOperation,
      [Attribute.toolName]: tool,
      [Attribute.toolCallId]: callId,
      [Attribute.runId]: this.#runId,
    };
  }

  #at(time: number): number {
    return this.#startEpochMs + time;
  }
}
