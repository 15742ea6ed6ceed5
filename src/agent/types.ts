import type { CallResult } from "../events/run-result.js";
import type { WeftEvent } from "../events/types.js";
import type { Executor } from "../executor/executor.js";
import type { Tool } from "../tool/types.js";
import type { AgentMessage, Model, ModelToolCall } from "./model.js";

/**
 * How the agent uses its tools:
 * - `sequential`: one tool call per model turn, the ReAct baseline;
 * - `parallel`: every call of a turn at once, each dispatched the moment its arguments have streamed in;
 * - `compiler`: the model plans every call up front with `$N` references (LLMCompiler); weft runs the plan as a DAG
 *   while it streams, then a joiner answers or asks for a new plan.
 */
export type AgentMode = "sequential" | "parallel" | "compiler";

/** Why an agent stopped. */
export type AgentStatus =
  /** The model gave an answer. */
  | "answered"
  /** `maxTurns` model turns went by without an answer. */
  | "max-turns"
  /** The model kept writing tool calls or plans that could not run, more than `maxRepairs` turns in a row. */
  | "max-repairs"
  /** In `compiler` mode, the joiner still asked for a new plan after `maxReplans` replans. */
  | "max-replans"
  /** The signal was aborted. */
  | "cancelled";

/** Options of `runAgent`: the model, the tools, the prompt and how the loop runs. */
export interface RunAgentOptions {
  model: Model;
  /** What the agent is asked. */
  prompt: string;
  /** The tools the model may call. Give `executor` instead to share limits, cache and estimates across agents. */
  tools?: readonly Tool[] | Record<string, Tool>;
  /** The executor whose tools the model may call; its limits, cache and dedupe hold across every agent using it. */
  executor?: Executor;
  /** @default "parallel" */
  mode?: AgentMode;
  /**
   * The most model turns, planner and joiner calls included.
   * @default 10
   */
  maxTurns?: number;
  /**
   * The most turns in a row spent repairing tool calls that could not run (bad JSON, unknown tool, bad arguments).
   * In `compiler` mode, `maxReplans` bounds the repairs of plan lines instead.
   * @default 2
   */
  maxRepairs?: number;
  /**
   * In `compiler` mode, how many times the joiner may send the plan back to the planner.
   * @default 2
   */
  maxReplans?: number;
  /**
   * When a turn's tool calls start: as each one's arguments complete in the stream, or once the model's turn ended
   * (for comparison).
   * @default "streaming"
   */
  dispatch?: "streaming" | "end-of-turn";
  /** A system prompt for `sequential` and `parallel` modes. */
  system?: string;
  /** Aborting it stops the model and cancels every running call. */
  signal?: AbortSignal;
  /** Called synchronously for every event of the agent and of its tool runs. */
  onEvent?: (event: AgentEvent) => void;
}

/** A tool call of the agent, with the fields of `weft run --json` and the turn that asked for it. */
export interface AgentCall extends CallResult {
  /** The model turn (0-based) that asked for the call. */
  turn: number;
}

/** What `runAgent` resolves to: the answer, why the loop stopped, and every tool call it ran. */
export interface AgentResult {
  /** The model's final answer; undefined when it stopped without one. */
  answer: string | undefined;
  status: AgentStatus;
  mode: AgentMode;
  /** Model requests made, planner and joiner included. */
  modelCalls: number;
  /** Tool calls the model asked for, including those that could not run. */
  toolCalls: number;
  /** From the start of the agent to its answer. */
  makespanMs: number;
  /** Every tool call, with times in ms from the start of the agent. */
  calls: AgentCall[];
  /** The conversation, the final answer included. */
  messages: AgentMessage[];
}

interface AgentEventBase {
  /** Milliseconds since the agent started. */
  time: number;
}

/** What happens during an agent's work, in order: model turns, their text, the tool calls and their runs' events. */
export type AgentEvent =
  | (AgentEventBase & { type: "turn-start"; turn: number; role: "agent" | "planner" | "joiner" })
  | (AgentEventBase & { type: "text-delta"; turn: number; text: string })
  | (AgentEventBase & { type: "tool-call"; turn: number; call: ModelToolCall })
  | (AgentEventBase & { type: "turn-end"; turn: number; text: string; toolCalls: number })
  | (AgentEventBase & { type: "plan-problem"; turn: number; line: number; message: string })
  | (AgentEventBase & { type: "replan"; turn: number; reason: string })
  | (AgentEventBase & { type: "run-event"; turn: number; event: WeftEvent })
  | (AgentEventBase & { type: "answer"; answer: string | undefined; status: AgentStatus });
