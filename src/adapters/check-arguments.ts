import type { ModelToolCall } from "../agent/model.js";
import { ToolInputError } from "../errors/tool-input-error.js";
import type { ToolCallProblem } from "./model-facing-error.js";
import { checkInputObject, parseArgumentsText } from "./parse-arguments.js";
import { findReservedObject } from "./reserved-arguments.js";

/**
 * A tool call as a model asked for it: with its arguments as raw text (OpenAI), or already parsed (Anthropic's
 * `tool_use.input`).
 */
export type ToolCallRequest = ModelToolCall | { id: string; name: string; input: unknown };

/** A call's arguments, ready for the run, or what to tell the model and the typed error behind it. */
export type CheckedArguments =
  | { isValid: true; input: Record<string, unknown> }
  | { isValid: false; problem: ToolCallProblem; error: ToolInputError };

/**
 * Checks what weft can find wrong with a model's arguments before the call joins a run: text that is not JSON, JSON
 * that is not an object, and objects weft would misread as references between calls. The schema is checked later,
 * by the run, like any call's.
 */
export function checkArguments(call: ToolCallRequest, toolName: string, callId: string): CheckedArguments {
  const parsed =
    "arguments" in call ? parseArgumentsText(String(call.arguments ?? "")) : checkInputObject(call.input);
  if (!parsed.isValid) {
    const message = parsed.problem.kind === "invalid-json" ? "is not valid JSON" : "is not a JSON object";
    const error = new ToolInputError({ toolName, callId, issues: [{ path: "", message }] });
    return { isValid: false, problem: parsed.problem, error };
  }
  const reserved = findReservedObject(parsed.input);
  if (reserved === undefined) return parsed;
  // weft has no way to pass such an object on literally, so the call is refused rather than misread.
  const what = `an object whose only key is "${reserved.key}"`;
  const where = reserved.path === "" ? "the arguments as a whole" : `at ${reserved.path}`;
  const error = new ToolInputError({
    toolName,
    callId,
    issues: [{ path: reserved.path, message: `${what} is reserved by weft for references between calls` }],
  });
  const reason = `its arguments hold ${what} (${where}), which weft reserves for references between calls: send that value in another form`;
  return { isValid: false, problem: { kind: "unsupported", reason }, error };
}
