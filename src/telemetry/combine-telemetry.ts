import type { ExecutorGauges, ExecutorTelemetry } from "../executor/executor-telemetry.js";
import type { ToolContext } from "../tool/types.js";

/**
 * One telemetry made of several, for an executor that reports to more than one place (OpenTelemetry and a dashboard).
 * Each sees every event and the gauges, in the order given; their `runAttempt` wrappers nest, the first outermost, so
 * that each one's context holds while the attempt's code runs.
 *
 * @example
 * const hub = new DashboardHub();
 * const executor = new Executor({ tools, telemetry: combineTelemetry(openTelemetry(), hub.telemetry) });
 */
export function combineTelemetry(...telemetries: readonly ExecutorTelemetry[]): ExecutorTelemetry {
  for (const [index, telemetry] of telemetries.entries()) {
    if (typeof telemetry?.onEvent !== "function") {
      throw new TypeError(
        `combineTelemetry: argument ${index} must be an ExecutorTelemetry (with onEvent), got ${describe(telemetry)}`,
      );
    }
  }
  const wrappers = telemetries.filter((telemetry) => telemetry.runAttempt !== undefined);
  return {
    attach(gauges: ExecutorGauges): void {
      for (const telemetry of telemetries) telemetry.attach?.(gauges);
    },
    onEvent(event): void {
      // One telemetry that throws must not keep the others from hearing of the event.
      let failure: unknown;
      let hasFailed = false;
      for (const telemetry of telemetries) {
        try {
          telemetry.onEvent(event);
        } catch (error) {
          if (!hasFailed) failure = error;
          hasFailed = true;
        }
      }
      if (hasFailed) throw failure;
    },
    runAttempt<Result>(context: ToolContext, execute: () => Result): Result {
      const nest = (index: number): Result => {
        const telemetry = wrappers[index];
        if (telemetry?.runAttempt === undefined) return execute();
        return telemetry.runAttempt(context, () => nest(index + 1));
      };
      return nest(0);
    },
  };
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}
