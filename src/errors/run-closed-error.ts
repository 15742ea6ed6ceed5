import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.RunClosedError");

/** A call was added to a run that is not open, or after `end()` was called. */
export class RunClosedError extends WeftError {
  readonly [marker] = true;
  readonly runId: string;

  constructor(options: { runId: string; reason: string }) {
    super("RUN_CLOSED", `Cannot add calls to run ${options.runId}: ${options.reason}`);
    this.name = "RunClosedError";
    this.runId = options.runId;
  }

  static override isInstance(error: unknown): error is RunClosedError {
    return hasMarker(error, marker);
  }
}
