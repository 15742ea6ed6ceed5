import { otel } from "./api.js";

/**
 * Runs telemetry work whose failure must never reach the executor: a tracer, meter or exporter that throws is
 * reported through OpenTelemetry's own diagnostics logger (`diag`) and otherwise ignored, so that a broken
 * telemetry setup costs the run its spans, never its calls.
 */
export function guarded<Value>(what: string, work: () => Value): Value | undefined {
  try {
    return work();
  } catch (error) {
    reportFailure(what, error);
    return undefined;
  }
}

/** Reports a telemetry failure through `diag`, and nothing more. */
export function reportFailure(what: string, error: unknown): void {
  try {
    otel().diag.error(`weft: OpenTelemetry ${what} failed`, error);
  } catch {
    // A logger that throws has nowhere left to report to.
  }
}
