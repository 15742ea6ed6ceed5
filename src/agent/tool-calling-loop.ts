import { ToolCallBatch, type ToolCallOutcome } from "../adapters/tool-call-batch.js";
import type { AgentSession } from "./agent-session.js";
import type { ModelToolCall } from "./model.js";
import type { AgentStatus } from "./types.js";

export interface ToolCallingLoopOptions {
  prompt: string;
  system: string | undefined;
  /** false: one call per turn, run one at a time (the ReAct baseline). */
  isParallel: boolean;
  dispatch: "streaming" | "end-of-turn";
  maxRepairs: number;
}

/**
 * The classic agent loop: the model answers with tool calls, weft runs them as one run per turn and hands back their
 * results in the order asked, until the model answers without calling a tool.
 */
export async function runToolCallingLoop(
  session: AgentSession,
  options: ToolCallingLoopOptions,
): Promise<{ answer: string | undefined; status: AgentStatus }> {
  session.messages.push({ role: "user", content: options.prompt });
  let repairTurns = 0;
  for (;;) {
    if (session.isCancelled) return { answer: undefined, status: "cancelled" };
    if (!session.hasTurnsLeft) return { answer: undefined, status: "max-turns" };
    const turn = session.modelCalls;
    const runStartedAt = session.now();
    const batch = new ToolCallBatch(session.executor, {
      signal: session.signal,
      ...(options.isParallel ? {} : { concurrency: 1 }),
    });
    session.watch(batch.run, turn);
    const heldBack: ModelToolCall[] = [];
    const dispatch =
      options.dispatch === "streaming"
        ? (call: ModelToolCall) => batch.add(call)
        : (call: ModelToolCall) => {
            heldBack.push(call);
          };
    let output: Awaited<ReturnType<AgentSession["turn"]>>;
    try {
      output = await session.turn(
        "agent",
        {
          ...(options.system === undefined ? {} : { system: options.system }),
          messages: session.messages,
          tools: session.providerTools,
          parallelToolCalls: options.isParallel,
        },
        dispatch,
      );
    } catch (error) {
      // The model failed mid-turn: calls it already asked for must not outlive the agent.
      batch.run.cancel("the model's turn failed");
      await batch.end();
      throw error;
    }
    for (const call of heldBack) batch.add(call);
    const outcomes = await batch.end();
    session.toolCalls += output.toolCalls.length;
    session.recordOutcomes(outcomes, runStartedAt, turn);
    session.messages.push({ role: "assistant", content: output.text, toolCalls: output.toolCalls });
    if (output.toolCalls.length === 0) return { answer: output.text, status: "answered" };
    session.messages.push({
      role: "tool",
      results: outcomes.map(({ callId, name, content, isError }) => ({ callId, name, content, isError })),
    });
    repairTurns = outcomes.some(isModelMistake) ? repairTurns + 1 : 0;
    if (repairTurns > options.maxRepairs) return { answer: undefined, status: "max-repairs" };
  }
}

/** A call that failed because of what the model wrote, not because the tool failed: the model has to repair it. */
function isModelMistake(outcome: ToolCallOutcome): boolean {
  return outcome.error?.code === "TOOL_INPUT_INVALID" || outcome.error?.code === "TOOL_NOT_FOUND";
}
