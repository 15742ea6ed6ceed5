import { ArgumentReader, type ReadArguments } from "./argument-reader.js";
import { LineSyntaxError } from "./line-syntax-error.js";
import { endOfPlanMarker } from "./plan-item.js";

/** What one line of a plan says, before its tool and refs are checked. */
export type LineShape =
  | { kind: "ignored" }
  | { kind: "thought"; text: string }
  | { kind: "join" }
  | { kind: "call"; index: number; tool: string; arguments: ReadArguments }
  | { kind: "problem"; index?: number; message: string };

const numberPrefix = /^(\d+)\s*[.:)]\s*/;
const callStart = /^([A-Za-z_][\w.-]*)\s*\(/;
const joinCall = /^join\s*(?:\(|$)/i;
const thoughtPrefix = /^thought\s*:\s*/i;

/**
 * Reads one trimmed line. A call is `N. tool(arguments)` (`N:` and `N)` work too): the number is required, because
 * `$N` refers to it. Text after the closing parenthesis is ignored, and a missing one is taken as written. A line
 * that looks like a call to a known tool but has no number is a problem; any other unnumbered text is a thought.
 */
export function readPlanLine(
  text: string,
  idPrefix: string,
  isToolName: (name: string) => boolean,
): LineShape {
  if (text === "" || text === endOfPlanMarker || text.startsWith("```")) return { kind: "ignored" };
  const numbered = numberPrefix.exec(text);
  if (numbered === null) return readUnnumbered(text, isToolName);
  const index = Number(numbered[1]);
  const rest = text.slice(numbered[0].length);
  if (joinCall.test(rest)) return { kind: "join" };
  const call = callStart.exec(rest);
  if (call === null || call[1] === undefined) {
    return { kind: "problem", index, message: notACall(index, rest, isToolName) };
  }
  const reader = new ArgumentReader(text, numbered[0].length + call[0].length, idPrefix);
  try {
    return { kind: "call", index, tool: call[1], arguments: reader.read() };
  } catch (error) {
    if (!(error instanceof LineSyntaxError)) throw error;
    return {
      kind: "problem",
      index,
      message: `cannot read the arguments of call ${index}: ${error.message}`,
    };
  }
}

function readUnnumbered(text: string, isToolName: (name: string) => boolean): LineShape {
  if (joinCall.test(text)) return { kind: "join" };
  const thought = thoughtPrefix.exec(text);
  if (thought !== null) return { kind: "thought", text: text.slice(thought[0].length) };
  const call = callStart.exec(text);
  if (call?.[1] !== undefined && isToolName(call[1])) {
    return {
      kind: "problem",
      message: `this call has no number: write it as "N. ${call[1]}(…)", numbering the calls 1, 2, 3… so that later calls can use its result as $N`,
    };
  }
  return { kind: "thought", text };
}

function notACall(index: number, rest: string, isToolName: (name: string) => boolean): string {
  const firstWord = /^[A-Za-z_][\w.-]*/.exec(rest)?.[0];
  if (firstWord !== undefined && isToolName(firstWord)) {
    return `call ${index} has no parentheses: write its arguments inside them, like ${index}. ${firstWord}("…")`;
  }
  return `line for call ${index} is not a call: write it as ${index}. tool_name(arguments), or join() to end the plan`;
}
