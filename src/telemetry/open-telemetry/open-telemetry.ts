import type { Meter, Tracer } from "@opentelemetry/api";
import type { WeftEvent } from "../../events/types.js";
import type { ExecutorGauges, ExecutorTelemetry } from "../../executor/executor-telemetry.js";
import { describeValue, typeOfValue } from "../../tool/describe-value.js";
import type { ToolContext } from "../../tool/types.js";
import { otel } from "./api.js";
import { CallMetrics } from "./call-metrics.js";
import { guarded, reportFailure } from "./guard.js";
import { weftVersion } from "./package-version.js";
import { RunTrace } from "./run-trace.js";

/** Where weft's spans and metrics go. Both default to the globally registered SDK: none registered, none recorded. */
export interface OpenTelemetryOptions {
  /**
   * The tracer of the run and call spans.
   * @default trace.getTracer("weft", version) from @opentelemetry/api
   * @example { tracer: provider.getTracer("my-agent") }
   */
  tracer?: Tracer;
  /**
   * The meter of weft's metrics (`weft.calls`, `weft.call.queue_time`, `weft.call.run_time`, `weft.slots.in_use`,
   * `weft.calls.queued`).
   * @default metrics.getMeter("weft", version) from @opentelemetry/api
   * @example { meter: meterProvider.getMeter("my-agent") }
   */
  meter?: Meter;
}

/**
 * OpenTelemetry spans and metrics for every run of an executor. weft depends on `@opentelemetry/api` only: bring the
 * SDK (NodeSDK, or a tracer and meter provider) and register it, or pass a tracer and a meter.
 *
 * Each run gets a `weft run` span (under the context active when the run started), and each attempt of each call an
 * `execute_tool <tool>` span under it, as the GenAI semantic conventions name tool execution (`gen_ai.tool.name`,
 * `gen_ai.tool.call.id`), with weft's own attributes (`weft.call.queue_ms`, `weft.call.queue_cause`, …). A tool's code
 * runs with its attempt's span active, so the spans it starts nest under its call. Nothing the SDK throws reaches the
 * run.
 *
 * @example
 * const executor = new Executor({ tools, telemetry: openTelemetry() });
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): ExecutorTelemetry {
  checkOptions(options);
  const tracer = options.tracer ?? otel().trace.getTracer("weft", weftVersion());
  const meter = options.meter ?? otel().metrics.getMeter("weft", weftVersion());
  return new OpenTelemetryTelemetry(tracer, meter);
}

class OpenTelemetryTelemetry implements ExecutorTelemetry {
  readonly #tracer: Tracer;
  readonly #metrics: CallMetrics;
  readonly #runs = new Map<string, RunTrace>();

  constructor(tracer: Tracer, meter: Meter) {
    this.#tracer = tracer;
    this.#metrics = new CallMetrics(meter);
  }

  attach(gauges: ExecutorGauges): void {
    this.#metrics.attach(gauges);
  }

  onEvent(event: WeftEvent): void {
    guarded(`handling a ${event.type} event`, () => this.#handle(event));
  }

  runAttempt<Result>(toolContext: ToolContext, execute: () => Result): Result {
    const attemptContext = guarded("finding the attempt's span", () =>
      this.#runs.get(toolContext.runId)?.contextOf(toolContext.callId, toolContext.attempt),
    );
    if (attemptContext === undefined) return execute();
    // What `execute` throws or returns is the tool's and passes through; a context manager that fails around it must
    // not run the attempt twice, nor fail it.
    let isCalled = false;
    let isReturned = false;
    let returned: Result | undefined;
    try {
      return otel().context.with(attemptContext, () => {
        isCalled = true;
        returned = execute();
        isReturned = true;
        return returned;
      });
    } catch (error) {
      if (isReturned) return returned as Result;
      if (isCalled) throw error;
      reportFailure("entering the attempt's context", error);
      return execute();
    }
  }

  #handle(event: WeftEvent): void {
    if (event.type === "run-start") {
      this.#runs.set(event.runId, new RunTrace(this.#tracer, this.#metrics, event));
      return;
    }
    // Counted even for a run whose spans could not be made.
    if (event.type === "call-end") this.#metrics.callEnded(event.tool, event.status);
    const run = this.#runs.get(event.runId);
    if (run === undefined) return;
    if (event.type === "run-end") {
      this.#runs.delete(event.runId);
      run.end(event);
      return;
    }
    run.add(event);
  }
}

function checkOptions(options: OpenTelemetryOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`openTelemetry: expected options to be an object, got ${typeOfValue(options)}`);
  }
  const { tracer, meter } = options;
  if (tracer !== undefined && typeof (tracer as Partial<Tracer> | null)?.startSpan !== "function") {
    throw new TypeError(
      `openTelemetry: option "tracer" must be an OpenTelemetry Tracer (with startSpan()), got ${describe(tracer)}`,
    );
  }
  if (meter !== undefined && typeof (meter as Partial<Meter> | null)?.createCounter !== "function") {
    throw new TypeError(
      `openTelemetry: option "meter" must be an OpenTelemetry Meter (with createCounter()), got ${describe(meter)}`,
    );
  }
}

function describe(value: unknown): string {
  return `${describeValue(value)} (${typeOfValue(value)})`;
}
