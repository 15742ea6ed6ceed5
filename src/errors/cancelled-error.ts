import { callSubject } from "./call-subject.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.CancelledError");

/** A call was cancelled before it finished: the run's signal was aborted, or a fail-fast run stopped after another call failed. */
export class CancelledError extends WeftError {
  readonly [marker] = true;
  readonly callId: string;
  readonly reason: string;

  constructor(options: { callId: string; reason: string; cause?: unknown }) {
    super("CALL_CANCELLED", `${callSubject(options.callId)} was cancelled: ${options.reason}`, {
      cause: options.cause,
    });
    this.name = "CancelledError";
    this.callId = options.callId;
    this.reason = options.reason;
  }

  static override isInstance(error: unknown): error is CancelledError {
    return hasMarker(error, marker);
  }
}
