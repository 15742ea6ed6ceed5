import { callSubject } from "./call-subject.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.DependencyFailedError");

/** A call was skipped because a call it depends on did not succeed. */
export class DependencyFailedError extends WeftError {
  readonly [marker] = true;
  readonly callId: string;
  readonly dependencyId: string;
  readonly dependencyStatus: string;

  constructor(options: { callId: string; dependencyId: string; dependencyStatus: string }) {
    super(
      "DEPENDENCY_FAILED",
      `${callSubject(options.callId)} was skipped: its dependency "${options.dependencyId}" ${options.dependencyStatus === "failed" ? "failed" : `was ${options.dependencyStatus}`}`,
    );
    this.name = "DependencyFailedError";
    this.callId = options.callId;
    this.dependencyId = options.dependencyId;
    this.dependencyStatus = options.dependencyStatus;
  }

  static override isInstance(error: unknown): error is DependencyFailedError {
    return hasMarker(error, marker);
  }
}
