import { callSubject } from "./call-subject.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ToolResourcesError");

/**
 * A tool's `resources` function threw, or returned something other than an array of `{ key, mode }` with a non-empty
 * string key and a mode of `"read"` or `"write"`. Only that call fails, before it runs (it is not retried); the
 * thrown value, if any, is kept as `cause`.
 */
export class ToolResourcesError extends WeftError {
  readonly [marker] = true;
  readonly toolName: string;
  readonly callId: string;
  /** What was wrong, in words: `threw: boom`, `returned a number, expected an array of { key, mode }`… */
  readonly problem: string;

  constructor(options: { toolName: string; callId: string; problem: string; cause?: unknown }) {
    super(
      "TOOL_RESOURCES_INVALID",
      `${callSubject(options.callId, options.toolName)}: its \`resources\` function ${options.problem}`,
      { cause: options.cause },
    );
    this.name = "ToolResourcesError";
    this.toolName = options.toolName;
    this.callId = options.callId;
    this.problem = options.problem;
  }

  static override isInstance(error: unknown): error is ToolResourcesError {
    return hasMarker(error, marker);
  }
}
