import { PlanError } from "../errors/plan-error.js";
import type { RunResult } from "../events/run-result.js";
import type { AgentSession } from "./agent-session.js";
import {
  endOfPlanMarker,
  formatObservations,
  joinerPrompt,
  type PlanItem,
  type PlannedStep,
  PlanParser,
  parseJoinerAnswer,
  plannerPrompt,
} from "./compiler/index.js";
import type { AgentStatus } from "./types.js";

export interface CompilerLoopOptions {
  prompt: string;
  /** `end-of-turn` holds the plan's calls back until the planner has finished, for comparison. */
  dispatch: "streaming" | "end-of-turn";
  /** Replans allowed; they also bound the turns spent repairing plan lines that could not run. */
  maxReplans: number;
}

/**
 * LLMCompiler: a planner writes every call up front, `$N` referring to the output of call N; each line joins the
 * running plan the moment it has streamed in, so the first calls run while the planner is still writing. A joiner then
 * answers from the results or asks for a new plan, which gets the previous plan and its results.
 */
export async function runCompilerLoop(
  session: AgentSession,
  options: CompilerLoopOptions,
): Promise<{ answer: string | undefined; status: AgentStatus }> {
  session.messages.push({ role: "user", content: options.prompt });
  let replan: { previousPlan: string; observations: string; reason: string } | undefined;
  for (let round = 0; ; round++) {
    if (session.isCancelled) return { answer: undefined, status: "cancelled" };
    if (!session.hasTurnsLeft) return { answer: undefined, status: "max-turns" };
    const plan = await planAndRun(session, options, replan);
    session.messages.push({ role: "assistant", content: plan.text, toolCalls: [] });
    const observations = describeResults(plan.steps, plan.problems, plan.result);
    session.messages.push({ role: "user", content: observations });
    if (session.isCancelled) return { answer: undefined, status: "cancelled" };
    if (!session.hasTurnsLeft) return { answer: undefined, status: "max-turns" };
    const isLastChance = round >= options.maxReplans || session.modelCalls + 2 >= session.maxTurns;
    const prompt = joinerPrompt({
      question: options.prompt,
      plan: plan.described,
      observations,
      canReplan: !isLastChance,
    });
    const joined = await session.turn("joiner", {
      system: prompt.system,
      messages: [{ role: "user", content: prompt.user }],
    });
    const decision = parseJoinerAnswer(joined.text);
    if (decision.kind === "finish") return { answer: decision.answer, status: "answered" };
    if (isLastChance) {
      return { answer: undefined, status: plan.problems.length > 0 ? "max-repairs" : "max-replans" };
    }
    session.emit({ type: "replan", turn: session.modelCalls - 1, reason: decision.reason });
    replan = { previousPlan: plan.described, observations, reason: decision.reason };
  }
}

interface PlanProblem {
  line: number;
  text: string;
  message: string;
}

interface RanPlan {
  /** The planner's text, up to the end of the plan. */
  text: string;
  /** The plan's lines, each line that could not run saying why. */
  described: string;
  steps: PlannedStep[];
  problems: PlanProblem[];
  result: RunResult;
}

/** Streams the planner's plan into an open run, line by line, and waits for the run to end. */
async function planAndRun(
  session: AgentSession,
  options: CompilerLoopOptions,
  replan: { previousPlan: string; observations: string; reason: string } | undefined,
): Promise<RanPlan> {
  const turn = session.modelCalls;
  const runStartedAt = session.now();
  const run = session.executor.run([], {
    isOpen: true,
    ...(session.signal ? { signal: session.signal } : {}),
  });
  session.watch(run, turn);
  const parser = new PlanParser(session.tools);
  const steps: PlannedStep[] = [];
  const problems: PlanProblem[] = [];
  const heldBack: PlanItem[] = [];
  const take = (items: readonly PlanItem[]): void => {
    if (options.dispatch === "end-of-turn") heldBack.push(...items);
    else dispatch(items);
  };
  const dispatch = (items: readonly PlanItem[]): void => {
    for (const item of items) {
      if (item.kind === "call") {
        try {
          run.add(item.call);
          steps.push(item);
        } catch (error) {
          if (!PlanError.isInstance(error)) throw error;
          noteProblem({ line: item.line, text: item.text, message: error.message });
        }
      } else if (item.kind === "problem") {
        noteProblem(item);
      }
    }
  };
  const noteProblem = (problem: PlanProblem): void => {
    problems.push(problem);
    session.emit({ type: "plan-problem", turn, line: problem.line, message: problem.message });
  };
  const prompt = plannerPrompt({
    tools: session.tools,
    question: options.prompt,
    ...(replan ? { replan } : {}),
  });
  let text: string;
  try {
    const output = await session.turn(
      "planner",
      { system: prompt.system, messages: [{ role: "user", content: prompt.user }], stop: [endOfPlanMarker] },
      undefined,
      (delta) => {
        take(parser.push(delta));
        return parser.isJoined;
      },
    );
    text = output.text;
    take(parser.end());
    dispatch(heldBack);
  } catch (error) {
    run.cancel("the planner failed");
    run.end();
    await run.result();
    throw error;
  }
  run.end();
  const result = await run.result();
  session.toolCalls += steps.length + problems.length;
  session.record(result, runStartedAt, turn);
  return {
    text: text.split(endOfPlanMarker)[0]?.trimEnd() ?? text,
    described: parser.describePlan(),
    steps,
    problems,
    result,
  };
}

function describeResults(
  steps: readonly PlannedStep[],
  problems: readonly PlanProblem[],
  result: RunResult,
): string {
  const byId = new Map(result.calls.map((call) => [call.id, call]));
  const observed = formatObservations(
    steps.map((step) => {
      const call = byId.get(step.call.id);
      return {
        index: step.index,
        tool: step.call.tool,
        argsText: step.argsText,
        status: call?.status ?? "not-run",
        ...(call?.status === "succeeded" ? { output: call.output } : {}),
        ...(call?.error ? { errorMessage: call.error.message } : {}),
      };
    }),
  );
  if (problems.length === 0) return observed || "The plan had no calls.";
  const problemLines = problems.map(
    (problem) => `line ${problem.line}: ${problem.text.trim()} → ${problem.message}`,
  );
  return `${observed}\nThese plan lines could not run:\n${problemLines.join("\n")}`;
}
