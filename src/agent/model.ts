import type { ToolDescription } from "../tool/json-schema.js";

/** A tool call as a model wrote it. `arguments` is the raw text, which may not be valid JSON. */
export interface ModelToolCall {
  /** The provider's id for the call (`call_…`, `toolu_…`). */
  id: string;
  name: string;
  arguments: string;
}

/** What a tool call gave back, as the model will read it. */
export interface ToolResultMessage {
  callId: string;
  name: string;
  /** The output as text (JSON unless the tool returned a string), or an error the model can act on. */
  content: string;
  isError: boolean;
}

/**
 * One message of a conversation, in a form that every provider's format can be built from: the user's text, the
 * model's text and tool calls, and the results of those calls.
 */
export type AgentMessage =
  | { role: "user"; content: string }
  | { role: "assistant"; content: string; toolCalls: readonly ModelToolCall[] }
  | { role: "tool"; results: readonly ToolResultMessage[] };

/** One request for a model turn. */
export interface ModelRequest {
  /** The system prompt. */
  system?: string;
  messages: readonly AgentMessage[];
  /** The tools the model may call; none means a plain text turn. */
  tools?: readonly ToolDescription[];
  /**
   * Whether the model may ask for several tool calls in one turn (`parallel_tool_calls` for OpenAI,
   * `disable_parallel_tool_use` for Anthropic).
   * @default true
   */
  parallelToolCalls?: boolean;
  /** Text that ends the turn when the model writes it (not included in the output). */
  stop?: readonly string[];
  /** @default the model's own default (4096 for Anthropic, which requires one) */
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
}

/** Token counts of a model turn, where the provider reports them. */
export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * What a model turn streams. A `tool-call` is emitted the moment its arguments are complete in the stream (the next
 * call began, its block closed, or the turn ended), so that it can start before the turn is over.
 */
export type ModelStreamEvent =
  | { type: "text-delta"; text: string }
  | { type: "tool-call"; call: ModelToolCall }
  | { type: "finish"; reason: string; usage?: ModelUsage };

/**
 * A chat model that can call tools: `openaiModel(…)` and `anthropicModel(…)` make one, and any object with this shape
 * works too.
 */
export interface Model {
  /** `openai`, `anthropic`, or another name for a model of one's own. */
  readonly provider: string;
  /** The model's name as the provider knows it. */
  readonly name: string;
  /** Streams one turn. Throws a ModelError when the provider cannot be reached or refuses the request. */
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent>;
}
