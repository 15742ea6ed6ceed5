/** What the joiner decided: the final answer, or another round of planning and why. */
export type JoinerAnswer =
  | { kind: "finish"; answer: string; thought?: string }
  | { kind: "replan"; reason: string; thought?: string };

const actionLabel = /^[\t ]*[*_]*action[*_]*[\t ]*:[*_]*[\t ]*/im;
const bareAction = /^[\t ]*(?=(?:finish|replan)[\t ]*\()/im;
const verbPattern = /^(finish|replan)\b[\t ]*(\(|:)?/i;
const thoughtLabel = /^[\t ]*[*_]*thought[*_]*[\t ]*:[*_]*[\t ]*/i;
const quotePairs: Record<string, string> = { '"': '"', "'": "'", "`": "`", "“": "”" };

/**
 * Reads the joiner's `Thought: …` / `Action: Finish(<answer>)` or `Action: Replan(<reason>)`, forgiving what models
 * get wrong: any case (`finish(`), an answer over several lines or holding parentheses of its own, a missing closing
 * parenthesis, quotes around the answer, text after the action. Without `Action:` a line starting with `Finish(` or
 * `Replan(` is the action; without either, the whole text less a first `Thought:` line is the answer (the thought
 * itself when nothing else is there), since a reply the joiner did not format is most often a plain answer.
 */
export function parseJoinerAnswer(text: string): JoinerAnswer {
  const trimmed = withoutFences(String(text).trim());
  const label = actionLabel.exec(trimmed) ?? bareAction.exec(trimmed);
  if (label === null) return plainAnswer(trimmed);
  const thought = readThought(trimmed.slice(0, label.index));
  const action = trimmed.slice(label.index + label[0].length).trim();
  const verb = verbPattern.exec(action);
  if (verb === null) return withThought({ kind: "finish", answer: unquote(action) }, thought);
  let argument = action.slice(verb[0].length);
  if (verb[2] === "(") argument = untilClosingParenthesis(argument);
  const content = unquote(argument);
  if (verb[1]?.toLowerCase() === "replan") {
    const reason =
      content === "" ? "the joiner asked for a new plan without saying what is missing" : content;
    return withThought({ kind: "replan", reason }, thought);
  }
  return withThought({ kind: "finish", answer: content }, thought);
}

function plainAnswer(text: string): JoinerAnswer {
  const thought = thoughtLabel.exec(text);
  if (thought === null) return { kind: "finish", answer: unquote(text) };
  const lineEnd = text.indexOf("\n");
  const thoughtText = (lineEnd === -1 ? text : text.slice(0, lineEnd)).slice(thought[0].length).trim();
  const rest = lineEnd === -1 ? "" : unquote(text.slice(lineEnd + 1));
  return rest === ""
    ? { kind: "finish", answer: thoughtText }
    : withThought({ kind: "finish", answer: rest }, thoughtText);
}

/**
 * The text up to the parenthesis that closes `Finish(`: the last `)`, unless the text before it still has a `(` of
 * its own open, in which case that `)` belongs to the answer and the closing one is missing.
 */
function untilClosingParenthesis(text: string): string {
  const last = text.lastIndexOf(")");
  if (last === -1) return text;
  const inside = text.slice(0, last);
  let depth = 0;
  for (const character of inside) {
    if (character === "(") depth++;
    else if (character === ")") depth--;
  }
  return depth > 0 ? text : inside;
}

function readThought(text: string): string | undefined {
  const thought = text.trim().replace(thoughtLabel, "").trim();
  return thought === "" ? undefined : thought;
}

function withThought<Answer extends JoinerAnswer>(answer: Answer, thought: string | undefined): Answer {
  return thought === undefined ? answer : { ...answer, thought };
}

function unquote(text: string): string {
  const trimmed = text.trim();
  const close = quotePairs[trimmed[0] ?? ""];
  if (close !== undefined && trimmed.length >= 2 && trimmed.endsWith(close))
    return trimmed.slice(1, -1).trim();
  return trimmed;
}

function withoutFences(text: string): string {
  if (!text.startsWith("```")) return text;
  const firstLineEnd = text.indexOf("\n");
  const inside = firstLineEnd === -1 ? "" : text.slice(firstLineEnd + 1);
  return inside.replace(/\n?```\s*$/, "").trim();
}
