import type { ToolDescription } from "../../tool/json-schema.js";
import { endOfPlanMarker } from "./plan-item.js";
import { describeToolsForPlanner } from "./tool-list.js";

/** What a replanning planner is told about the round before. */
export interface ReplanContext {
  /** The plan that was run (`PlanParser.describePlan()`). */
  previousPlan: string;
  /** What its calls gave back (`formatObservations(…)`). */
  observations: string;
  /** Why the joiner asked for a new plan. */
  reason: string;
}

export interface PlannerPromptInput {
  tools: readonly ToolDescription[];
  question: string;
  replan?: ReplanContext;
}

/** A system prompt and a user message for one model turn. */
export interface PromptPair {
  system: string;
  user: string;
}

const formatRules = `You are the planner of a tool-using agent. Write a plan of tool calls that gathers what is needed to answer the user's question. The calls run in parallel: each starts as soon as the calls whose results it uses have finished, and after the plan a separate step reads every result and writes the answer.

Write one item per line:
- "Thought: ..." for brief reasoning (optional).
- "N. tool_name(arguments)" for a call, numbered 1, 2, 3... Never reuse a number.
- "join()" after the last call, then ${endOfPlanMarker} on its own line.

Arguments:
- Positional in the order the tool lists its parameters, or named as key=value, or both with the positional ones first.
- Values are JSON or Python literals: "text" or 'text', 42, 3.5, true/false/null or True/False/None, [lists], {"key": "value"} dicts.
- $N or \${N} stands for the result of call N. As a whole argument ($1) it passes the result as it is; inside quotes ("compare $1 with \${2}") the result is written into the text; inside lists and dicts ([$1, $2]) each becomes its result. Write $$ for a literal dollar sign before a digit ("under $$500").

Rules:
- Maximize parallelism: list the calls that need no other result first, and make a call use another's result only when it truly needs it.
- A call may only use the results of calls listed above it.
- One call per line, and no call inside another: give it its own line and pass its result as $N.
- Use only the tools below, with the parameters they list. Plan only the calls the question needs; do not answer the question yourself.

Example, with made-up tools:
Thought: Both speeds can be looked up at once; the ratio needs both.
1. search("peregrine falcon top speed")
2. search(query="cheetah top speed")
3. math("ratio of the speed in $1 to the speed in \${2}")
4. join()
${endOfPlanMarker}`;

/**
 * The planner's prompts: the plan format and the tools in the system prompt, the question (and, when replanning, the
 * previous round and why it was not enough) in the user message. Pass `${endOfPlanMarker}` as a stop sequence.
 */
export function plannerPrompt(input: PlannerPromptInput): PromptPair {
  const tools = describeToolsForPlanner(input.tools);
  const system = `${formatRules}\n\nTools:\n${tools === "" ? "(none)" : tools}`;
  if (input.replan === undefined) return { system, user: `Question: ${input.question}` };
  const { previousPlan, observations, reason } = input.replan;
  const user = `Question: ${input.question}

An earlier plan was run, but its results were not enough to answer.

Earlier plan:
${previousPlan}

Its results:
${observations}

What is missing: ${reason}

Write a new plan for what is still missing. Do not repeat calls that succeeded: their results above stay available to the step that answers. Number the new calls from 1; $N refers only to calls of the new plan, so copy any value you need from the results above into the arguments.`;
  return { system, user };
}
