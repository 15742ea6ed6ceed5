import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { AgentMessage, ModelRequest } from "../../agent/model.js";
import { toChatCompletionsTool, toChatToolMessage } from "./tool-format.js";

/** The model-wide settings a request is built with. */
export interface ChatRequestSettings {
  model: string;
  maxTokens?: number;
  temperature?: number;
  /**
   * Send the token limit as `max_completion_tokens`, which OpenAI's own API wants (its reasoning models refuse
   * `max_tokens`), rather than `max_tokens`, which every OpenAI-compatible server reads.
   */
  usesMaxCompletionTokens: boolean;
}

/**
 * A conversation as Chat Completions messages: the system prompt first, an assistant turn with its `tool_calls`, and
 * each tool result as its own `tool` message, in the order of the calls.
 */
export function toChatMessages(
  system: string | undefined,
  messages: readonly AgentMessage[],
): ChatCompletionMessageParam[] {
  const chatMessages: ChatCompletionMessageParam[] = [];
  if (system !== undefined && system !== "") chatMessages.push({ role: "system", content: system });
  for (const message of messages) {
    switch (message.role) {
      case "user":
        chatMessages.push({ role: "user", content: message.content });
        break;
      case "assistant":
        chatMessages.push(toAssistantMessage(message));
        break;
      case "tool":
        for (const result of message.results) chatMessages.push(toChatToolMessage(result));
        break;
    }
  }
  return chatMessages;
}

/**
 * The body of a streamed Chat Completions request, usage included. `parallel_tool_calls` is only sent with tools, as
 * the API refuses it without them.
 */
export function toChatCompletionsRequest(
  request: ModelRequest,
  settings: ChatRequestSettings,
): ChatCompletionCreateParamsStreaming {
  const tools = request.tools ?? [];
  const maxTokens = request.maxTokens ?? settings.maxTokens;
  const temperature = request.temperature ?? settings.temperature;
  const stop = request.stop ?? [];
  return {
    model: settings.model,
    messages: toChatMessages(request.system, request.messages),
    stream: true,
    stream_options: { include_usage: true },
    ...(tools.length > 0 ? { tools: tools.map(toChatCompletionsTool) } : {}),
    ...(tools.length > 0 && request.parallelToolCalls === false ? { parallel_tool_calls: false } : {}),
    ...(stop.length > 0 ? { stop: [...stop] } : {}),
    ...(maxTokens === undefined
      ? {}
      : settings.usesMaxCompletionTokens
        ? { max_completion_tokens: maxTokens }
        : { max_tokens: maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
  };
}

function toAssistantMessage(
  message: Extract<AgentMessage, { role: "assistant" }>,
): ChatCompletionAssistantMessageParam {
  if (message.toolCalls.length === 0) return { role: "assistant", content: message.content };
  return {
    role: "assistant",
    // The API wants null rather than "" beside tool calls.
    content: message.content === "" ? null : message.content,
    tool_calls: message.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    })),
  };
}
