import type { Counter, Histogram, Meter, ObservableGauge, ObservableResult } from "@opentelemetry/api";
import type { CallStatus } from "../../events/run-result.js";
import type { ExecutorGauges } from "../../executor/executor-telemetry.js";
import { otel } from "./api.js";
import { guarded } from "./guard.js";
import { Attribute } from "./span-attributes.js";

/**
 * weft's metrics: calls by tool and status, queue and run time per attempt by tool, and the slots in use and calls
 * queued across the executors it watches.
 *
 * - `weft.calls` (counter, `{call}`): every call that ended, by `gen_ai.tool.name` and `weft.call.status`.
 * - `weft.call.queue_time` (histogram, `ms`): per attempt, from ready to start, by `gen_ai.tool.name`.
 * - `weft.call.run_time` (histogram, `ms`): per attempt (hedge duplicates aside), start to end, by `gen_ai.tool.name`.
 * - `weft.slots.in_use` (observable gauge, `{slot}`) and `weft.calls.queued` (observable gauge, `{call}`).
 */
export class CallMetrics {
  readonly #calls: Counter;
  readonly #queueTime: Histogram;
  readonly #runTime: Histogram;
  /** Held weakly: an executor nobody uses any more is not kept alive by its telemetry. */
  readonly #executors = new Set<WeakRef<ExecutorGauges>>();

  constructor(meter: Meter) {
    // A meter that cannot make instruments leaves weft without metrics, not without a telemetry.
    const made = guarded("creating instruments", () => makeInstruments(meter));
    const instruments = made ?? makeInstruments(otel().createNoopMeter());
    this.#calls = instruments.calls;
    this.#queueTime = instruments.queueTime;
    this.#runTime = instruments.runTime;
    guarded("registering gauges", () => {
      instruments.slotsInUse.addCallback((result) => this.#observe(result, "running"));
      instruments.queued.addCallback((result) => this.#observe(result, "queued"));
    });
  }

  /** Starts reading an executor's gauges. */
  attach(gauges: ExecutorGauges): void {
    this.#executors.add(new WeakRef(gauges));
  }

  // Each recording is guarded on its own: an instrument that throws must not keep the spans from being kept.

  callEnded(tool: string, status: CallStatus): void {
    guarded("counting a call", () =>
      this.#calls.add(1, { [Attribute.toolName]: tool, [Attribute.callStatus]: status }),
    );
  }

  attemptQueued(tool: string, queueMs: number): void {
    guarded("recording a queue time", () => this.#queueTime.record(queueMs, { [Attribute.toolName]: tool }));
  }

  attemptRan(tool: string, runMs: number): void {
    guarded("recording a run time", () => this.#runTime.record(runMs, { [Attribute.toolName]: tool }));
  }

  #observe(result: ObservableResult, gauge: keyof ExecutorGauges): void {
    let total = 0;
    for (const reference of this.#executors) {
      const executor = reference.deref();
      if (executor === undefined) this.#executors.delete(reference);
      else total += executor[gauge];
    }
    result.observe(total);
  }
}

interface Instruments {
  calls: Counter;
  queueTime: Histogram;
  runTime: Histogram;
  slotsInUse: ObservableGauge;
  queued: ObservableGauge;
}

function makeInstruments(meter: Meter): Instruments {
  return {
    calls: meter.createCounter("weft.calls", {
      description: "Calls that ended, by tool and status.",
      unit: "{call}",
    }),
    queueTime: meter.createHistogram("weft.call.queue_time", {
      description: "Time an attempt waited for admission, from ready to start.",
      unit: "ms",
    }),
    runTime: meter.createHistogram("weft.call.run_time", {
      description: "Time an attempt ran, from start to end.",
      unit: "ms",
    }),
    slotsInUse: meter.createObservableGauge("weft.slots.in_use", {
      description: "Calls holding a slot of the executor now.",
      unit: "{slot}",
    }),
    queued: meter.createObservableGauge("weft.calls.queued", {
      description: "Calls admitted into runs and not started yet.",
      unit: "{call}",
    }),
  };
}
