import { callSubject } from "./call-subject.js";
import type { ToolInputIssue } from "./tool-input-issue.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ToolInputError");

/** A call's arguments, after its refs were resolved, do not match the tool's input schema. The call did not run. */
export class ToolInputError extends WeftError {
  readonly [marker] = true;
  readonly toolName: string;
  readonly callId: string;
  readonly issues: ToolInputIssue[];

  constructor(options: { toolName: string; callId: string; issues: ToolInputIssue[] }) {
    const detail = options.issues
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join("; ");
    super(
      "TOOL_INPUT_INVALID",
      `${callSubject(options.callId, options.toolName)}: the arguments do not match its input schema: ${detail}`,
    );
    this.name = "ToolInputError";
    this.toolName = options.toolName;
    this.callId = options.callId;
    this.issues = options.issues;
  }

  static override isInstance(error: unknown): error is ToolInputError {
    return hasMarker(error, marker);
  }
}
