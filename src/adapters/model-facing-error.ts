import { CancelledError } from "../errors/cancelled-error.js";
import { DependencyFailedError } from "../errors/dependency-failed-error.js";
import { describeThrown } from "../errors/describe-thrown.js";
import { PlanError } from "../errors/plan-error.js";
import { ToolExecutionError } from "../errors/tool-execution-error.js";
import { ToolInputError } from "../errors/tool-input-error.js";
import { ToolNotFoundError } from "../errors/tool-not-found-error.js";
import { ToolOutputError } from "../errors/tool-output-error.js";
import { ToolTimeoutError } from "../errors/tool-timeout-error.js";
import { WeftError } from "../errors/weft-error.js";
import { closestName } from "../tool/closest-name.js";
import { expectedInput } from "./expected-input.js";
import type { ArgumentsProblem } from "./parse-arguments.js";

/** Something that kept a model's tool call from giving a result. */
export type ToolCallProblem =
  | ArgumentsProblem
  /** The model named a tool that does not exist. */
  | { kind: "unknown-tool"; availableTools: readonly string[] }
  /** The call is of a kind this adapter cannot run (an OpenAI custom tool call…); `reason` says which. */
  | { kind: "unsupported"; reason: string }
  /** The call ran, or was meant to, and failed: a weft error from its outcome, or anything thrown. */
  | { kind: "error"; error: unknown };

/** What `modelFacingError` needs to know about the call it writes up. */
export interface ModelFacingErrorContext {
  /** The tool's name as the model wrote it. */
  toolName: string;
  /** The tool's input schema, to tell the model what the arguments should look like. */
  inputSchema?: Record<string, unknown>;
}

/**
 * Writes a failed tool call up for the model that asked for it: which tool, what was wrong and how to fix it, so that
 * its next turn can repair the call instead of guessing. This text is the content of the tool result.
 *
 * @example
 * modelFacingError({ kind: "unknown-tool", availableTools: ["search", "fetch_page"] }, { toolName: "serch" });
 * // 'There is no tool named "serch". Did you mean "search"? Available tools: "search", "fetch_page". …'
 */
export function modelFacingError(problem: ToolCallProblem, context: ModelFacingErrorContext): string {
  const tool = JSON.stringify(context.toolName);
  switch (problem.kind) {
    case "invalid-json":
      return withSchema(
        `Tool ${tool} was not run: its arguments are not valid JSON (${problem.parserMessage}${whereInText(problem)}). Send the arguments again as one JSON object matching the schema.`,
        context,
      );
    case "not-an-object":
      return withSchema(
        `Tool ${tool} was not run: its arguments must be one JSON object, but they are ${describeValue(problem.received)}. Send the arguments again as one JSON object matching the schema.`,
        context,
      );
    case "unknown-tool":
      return unknownTool(context.toolName, problem.availableTools);
    case "unsupported":
      return `Tool ${tool} was not run: ${problem.reason}.`;
    case "error":
      return describeError(problem.error, context);
  }
}

function describeError(error: unknown, context: ModelFacingErrorContext): string {
  const tool = JSON.stringify(context.toolName);
  if (ToolInputError.isInstance(error)) {
    const issues = error.issues
      .map((issue) => `- ${issue.path === "" ? "(the arguments as a whole)" : issue.path}: ${issue.message}`)
      .join("\n");
    return withSchema(
      `Tool ${tool} was not run: its arguments do not match its input schema:\n${issues}\nFix these and call ${tool} again.`,
      context,
    );
  }
  if (ToolTimeoutError.isInstance(error)) {
    return `Tool ${tool} did not finish within its time limit of ${error.timeoutMs} ms and was stopped, so there is no result. You may call it again, perhaps asking for less, or go on without it.`;
  }
  if (ToolExecutionError.isInstance(error)) {
    return `Tool ${tool} failed: ${describeThrown(error.cause)}. If the arguments caused this, correct them and call it again; otherwise go on without this result.`;
  }
  if (ToolOutputError.isInstance(error)) {
    const how =
      error.reason === "too-large"
        ? `its output was too large${error.sizeBytes === undefined ? "" : ` (${error.sizeBytes} bytes, the limit is ${error.limitBytes} bytes)`}. Ask for less: a narrower query or fewer items`
        : "its output could not be converted to JSON";
    return `Tool ${tool} ran, but ${how}.`;
  }
  if (CancelledError.isInstance(error)) {
    return `Tool ${tool} was cancelled before it finished (${error.reason}), so there is no result.`;
  }
  if (DependencyFailedError.isInstance(error)) {
    const how = error.dependencyStatus === "failed" ? "failed" : `was ${error.dependencyStatus}`;
    return `Tool ${tool} was not run because the call it depends on ("${error.dependencyId}") ${how}.`;
  }
  if (ToolNotFoundError.isInstance(error)) return unknownTool(context.toolName, error.available);
  if (PlanError.isInstance(error)) {
    return `Tool ${tool} was not run: ${error.problems.map((problem) => problem.message).join("; ")}.`;
  }
  if (WeftError.isInstance(error)) return `Tool ${tool} failed: ${error.message}.`;
  return `Tool ${tool} failed: ${describeThrown(error)}.`;
}

function unknownTool(name: string, available: readonly string[]): string {
  const unknown = `There is no tool named ${JSON.stringify(name)}.`;
  if (available.length === 0) return `${unknown} No tools are available: answer without calling one.`;
  const closest = closestName(name, available);
  const suggestion = closest === undefined ? "" : ` Did you mean ${JSON.stringify(closest)}?`;
  const names = available.map((candidate) => JSON.stringify(candidate)).join(", ");
  return `${unknown}${suggestion} Available tools: ${names}. Call one of them by its exact name.`;
}

function withSchema(text: string, context: ModelFacingErrorContext): string {
  const expected = expectedInput(context.inputSchema);
  return expected === "" ? text : `${text} ${expected}`;
}

/** Where a JSON parser stopped, as a line and column and the text around it, which is what a model can act on. */
function whereInText(problem: Extract<ArgumentsProblem, { kind: "invalid-json" }>): string {
  if (problem.position === undefined) return "";
  const before = problem.text.slice(0, problem.position);
  const line = before.split("\n").length;
  const column = problem.position - before.lastIndexOf("\n");
  const start = Math.max(0, problem.position - 30);
  const end = Math.min(problem.text.length, problem.position + 30);
  const around = `${start > 0 ? "…" : ""}${problem.text.slice(start, problem.position)}[HERE]${problem.text.slice(problem.position, end)}${end < problem.text.length ? "…" : ""}`;
  return `; line ${line}, column ${column}: ${around}`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return `a string (${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)})`;
  return `a ${typeof value}`;
}
