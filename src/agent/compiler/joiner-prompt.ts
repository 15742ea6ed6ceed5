import type { PromptPair } from "./planner-prompt.js";

export interface JoinerPromptInput {
  question: string;
  /** The plan that was run (`PlanParser.describePlan()`). */
  plan: string;
  /** What its calls gave back (`formatObservations(…)`). */
  observations: string;
  /**
   * Whether another round of planning may follow. Pass false on the last round, so that the joiner answers with
   * what it has.
   * @default true
   */
  canReplan?: boolean;
}

const finishOnly = `Reply in exactly this format:

Thought: <brief reasoning about what the results show>
Action: Finish(<the final answer>)`;

const finishOrReplan = `${finishOnly}

or, only when the results are not enough and another round of tool calls could get what is missing:

Thought: <brief reasoning>
Action: Replan(<what is missing, and what to try instead>)`;

/**
 * The joiner's prompts: it reads the question, the plan and each call's result, then either answers with
 * `Action: Finish(<answer>)` or asks for another plan with `Action: Replan(<what is missing>)`. `parseJoinerAnswer`
 * reads its reply.
 */
export function joinerPrompt(input: JoinerPromptInput): PromptPair {
  const canReplan = input.canReplan ?? true;
  const lastRound = canReplan
    ? "If a call failed but the other results are enough, answer with them. If what is missing cannot be had with tools, say so in Finish(...) instead of replanning."
    : "This is the last round: answer with what the results give, and say plainly what could not be found.";
  const system = `You write the final answer of a tool-using agent. You get the user's question, the plan of tool calls that was run, and what each call gave back. ${canReplan ? finishOrReplan : finishOnly}

The answer inside Finish(...) is what the user reads: complete, self-contained and based on the results, on as many lines as it needs. Do not mention the plan, tools or call numbers in it. ${lastRound}`;
  const user = `Question: ${input.question}

Plan:
${input.plan === "" ? "(no calls)" : input.plan}

Results:
${input.observations === "" ? "(none)" : input.observations}`;
  return { system, user };
}
