import type {
  ContentBlockParam,
  MessageCreateParamsStreaming,
  MessageParam,
} from "@anthropic-ai/sdk/resources/messages";
import type { AgentMessage, ModelRequest } from "../../agent/model.js";
import { toAnthropicTool, toToolResultBlock } from "./tool-format.js";

/** The Messages API requires a token limit; this one is used when neither the request nor the model sets one. */
export const defaultAnthropicMaxTokens = 4096;

/** The model-wide settings a request is built with. */
export interface AnthropicRequestSettings {
  model: string;
  maxTokens?: number;
  temperature?: number;
}

/**
 * A conversation as Messages API messages: an assistant turn as its text and `tool_use` blocks, and a turn's tool
 * results as one user message of `tool_result` blocks (with `is_error` on failures). A user message that follows
 * tool results joins them, as the API wants the results first in a user turn.
 */
export function toAnthropicMessages(messages: readonly AgentMessage[]): MessageParam[] {
  const anthropicMessages: MessageParam[] = [];
  for (const message of messages) {
    const previous = anthropicMessages.at(-1);
    switch (message.role) {
      case "user":
        if (previous?.role === "user" && Array.isArray(previous.content)) {
          previous.content.push({ type: "text", text: message.content });
        } else {
          anthropicMessages.push({ role: "user", content: message.content });
        }
        break;
      case "assistant": {
        const content: ContentBlockParam[] = [];
        if (message.content !== "") content.push({ type: "text", text: message.content });
        for (const call of message.toolCalls) {
          content.push({
            type: "tool_use",
            id: call.id,
            name: call.name,
            input: toToolInput(call.arguments),
          });
        }
        // The API refuses an empty assistant turn; one with nothing in it has nothing to tell the model either.
        if (content.length > 0) anthropicMessages.push({ role: "assistant", content });
        break;
      }
      case "tool":
        anthropicMessages.push({ role: "user", content: message.results.map(toToolResultBlock) });
        break;
    }
  }
  return anthropicMessages;
}

/**
 * The body of a streamed Messages API request. `tool_choice` (to forbid parallel calls) is only sent with tools.
 */
export function toAnthropicRequest(
  request: ModelRequest,
  settings: AnthropicRequestSettings,
): MessageCreateParamsStreaming {
  const tools = request.tools ?? [];
  const temperature = request.temperature ?? settings.temperature;
  const stop = request.stop ?? [];
  return {
    model: settings.model,
    max_tokens: request.maxTokens ?? settings.maxTokens ?? defaultAnthropicMaxTokens,
    messages: toAnthropicMessages(request.messages),
    stream: true,
    ...(request.system === undefined || request.system === "" ? {} : { system: request.system }),
    ...(tools.length > 0 ? { tools: tools.map(toAnthropicTool) } : {}),
    ...(tools.length > 0 && request.parallelToolCalls === false
      ? { tool_choice: { type: "auto", disable_parallel_tool_use: true } }
      : {}),
    ...(stop.length > 0 ? { stop_sequences: [...stop] } : {}),
    ...(temperature === undefined ? {} : { temperature }),
  };
}

/**
 * A tool call's arguments as the object a `tool_use` block's `input` must be. Arguments the model wrote that are not
 * a JSON object become `{}`: the tool result that follows tells the model what went wrong.
 */
export function toToolInput(argumentsText: string): Record<string, unknown> {
  try {
    const input: unknown = JSON.parse(argumentsText);
    return typeof input === "object" && input !== null && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
