import { callSubject } from "./call-subject.js";
import { describeThrown } from "./describe-thrown.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ToolExecutionError");

/** A tool's `execute` threw or rejected. The thrown value is kept as `cause`. */
export class ToolExecutionError extends WeftError {
  readonly [marker] = true;
  readonly toolName: string;
  readonly callId: string;
  readonly attempt: number;

  constructor(options: { toolName: string; callId: string; attempt: number; cause: unknown }) {
    super(
      "TOOL_FAILED",
      `${callSubject(options.callId, options.toolName)} failed: ${describeThrown(options.cause)}`,
      { cause: options.cause },
    );
    this.name = "ToolExecutionError";
    this.toolName = options.toolName;
    this.callId = options.callId;
    this.attempt = options.attempt;
  }

  static override isInstance(error: unknown): error is ToolExecutionError {
    return hasMarker(error, marker);
  }
}
