import { callSubject } from "./call-subject.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ToolTimeoutError");

/** An attempt ran past the tool's `timeoutMs`. Its signal was aborted and its slot freed. */
export class ToolTimeoutError extends WeftError {
  readonly [marker] = true;
  readonly toolName: string;
  readonly callId: string;
  readonly timeoutMs: number;
  readonly attempt: number;

  constructor(options: { toolName: string; callId: string; timeoutMs: number; attempt: number }) {
    super(
      "TOOL_TIMEOUT",
      `${callSubject(options.callId, options.toolName)} timed out after ${options.timeoutMs} ms on attempt ${options.attempt}`,
    );
    this.name = "ToolTimeoutError";
    this.toolName = options.toolName;
    this.callId = options.callId;
    this.timeoutMs = options.timeoutMs;
    this.attempt = options.attempt;
  }

  static override isInstance(error: unknown): error is ToolTimeoutError {
    return hasMarker(error, marker);
  }
}
