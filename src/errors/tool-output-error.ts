import { callSubject } from "./call-subject.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ToolOutputError");

/** A tool returned an output that cannot be passed on: not serialisable as JSON (a cycle, a BigInt, a function), or larger than the limit. */
export class ToolOutputError extends WeftError {
  readonly [marker] = true;
  readonly toolName: string;
  readonly callId: string;
  readonly reason: "not-serializable" | "too-large";
  readonly sizeBytes: number | undefined;
  readonly limitBytes: number | undefined;

  constructor(options: {
    toolName: string;
    callId: string;
    reason: "not-serializable" | "too-large";
    detail: string;
    sizeBytes?: number;
    limitBytes?: number;
    cause?: unknown;
  }) {
    super(
      "TOOL_OUTPUT_INVALID",
      `${callSubject(options.callId, options.toolName)} returned an unusable output: ${options.detail}`,
      { cause: options.cause },
    );
    this.name = "ToolOutputError";
    this.toolName = options.toolName;
    this.callId = options.callId;
    this.reason = options.reason;
    this.sizeBytes = options.sizeBytes;
    this.limitBytes = options.limitBytes;
  }

  static override isInstance(error: unknown): error is ToolOutputError {
    return hasMarker(error, marker);
  }
}
