import { callSubject } from "./call-subject.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.RefResolutionError");

/** A `$ref` path does not exist in the output it points into. Says what was there instead. */
export class RefResolutionError extends WeftError {
  readonly [marker] = true;
  readonly callId: string;
  readonly ref: string;
  readonly detail: string;

  constructor(options: { callId: string; ref: string; detail: string }) {
    super(
      "REF_UNRESOLVED",
      `${callSubject(options.callId)}: cannot resolve {"$ref": "${options.ref}"}: ${options.detail}`,
    );
    this.name = "RefResolutionError";
    this.callId = options.callId;
    this.ref = options.ref;
    this.detail = options.detail;
  }

  static override isInstance(error: unknown): error is RefResolutionError {
    return hasMarker(error, marker);
  }
}
