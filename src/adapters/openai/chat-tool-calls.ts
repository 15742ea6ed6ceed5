import type {
  ChatCompletionMessageToolCall,
  ChatCompletionToolMessageParam,
} from "openai/resources/chat/completions";
import type { Executor } from "../../executor/executor.js";
import { ToolCallBatch, type ToolCallBatchOptions } from "../tool-call-batch.js";
import { toChatToolMessage } from "./tool-format.js";

/** An assistant message of the Chat Completions API (a response's `choices[0].message`, or the param sent back). */
export interface ChatAssistantToolCalls {
  tool_calls?: readonly ChatCompletionMessageToolCall[] | null;
}

/**
 * Runs the tool calls of a Chat Completions assistant message as one weft run, all at once within the executor's
 * limits, and returns one `tool` message per call in the order the model asked for them. Failures, including
 * arguments that are not valid JSON and unknown tools, become `tool` messages the model can read and act on; this
 * never rejects because of what the model wrote. Custom (non-function) tool calls are answered with an error.
 *
 * @example
 * const message = completion.choices[0].message;
 * messages.push(message, ...(await runChatToolCalls(executor, message)));
 */
export async function runChatToolCalls(
  executor: Executor,
  messageOrToolCalls: ChatAssistantToolCalls | readonly ChatCompletionMessageToolCall[],
  options: ToolCallBatchOptions = {},
): Promise<ChatCompletionToolMessageParam[]> {
  const toolCalls = Array.isArray(messageOrToolCalls)
    ? (messageOrToolCalls as readonly ChatCompletionMessageToolCall[])
    : ((messageOrToolCalls as ChatAssistantToolCalls).tool_calls ?? []);
  const batch = new ToolCallBatch(executor, options);
  for (const toolCall of toolCalls) {
    if (toolCall.type === "function") {
      batch.add({ id: toolCall.id, name: toolCall.function.name, arguments: toolCall.function.arguments });
    } else {
      const name = (toolCall as { custom?: { name?: string } }).custom?.name ?? "";
      batch.refuse(
        { id: toolCall.id, name },
        `it is a ${String((toolCall as { type?: unknown }).type)} tool call, and only function tools run here`,
      );
    }
  }
  return (await batch.end()).map(toChatToolMessage);
}
