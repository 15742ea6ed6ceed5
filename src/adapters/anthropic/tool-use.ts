import type {
  ContentBlock,
  ContentBlockParam,
  MessageParam,
  ToolResultBlockParam,
} from "@anthropic-ai/sdk/resources/messages";
import type { Executor } from "../../executor/executor.js";
import { ToolCallBatch, type ToolCallBatchOptions } from "../tool-call-batch.js";
import { toToolResultBlock } from "./tool-format.js";

/** An assistant turn of the Messages API: a response `Message`, the `MessageParam` sent back, or their content. */
export type AssistantTurn =
  | { content: string | readonly (ContentBlock | ContentBlockParam)[] }
  | readonly (ContentBlock | ContentBlockParam)[];

/** The user message that answers an assistant turn's `tool_use` blocks: a `MessageParam` to send back. */
export type ToolResultsMessage = MessageParam & { role: "user"; content: ToolResultBlockParam[] };

/**
 * Runs the `tool_use` blocks of an assistant message as one weft run, all at once within the executor's limits, and
 * returns the one user message that answers them: a `tool_result` block per call, in the order the model asked for
 * them, with `is_error: true` on failures. Failures become text the model can read and act on; this never rejects
 * because of what the model wrote. A turn without `tool_use` blocks gets a message with empty `content`, which the
 * API refuses: check `message.stop_reason === "tool_use"` first.
 *
 * @example
 * const message = await anthropic.messages.create({ model, max_tokens: 1024, messages, tools });
 * if (message.stop_reason === "tool_use") {
 *   messages.push({ role: "assistant", content: message.content }, await runToolUseBlocks(executor, message));
 * }
 */
export async function runToolUseBlocks(
  executor: Executor,
  messageOrContent: AssistantTurn,
  options: ToolCallBatchOptions = {},
): Promise<ToolResultsMessage> {
  const content = Array.isArray(messageOrContent)
    ? (messageOrContent as readonly (ContentBlock | ContentBlockParam)[])
    : (messageOrContent as { content: string | readonly (ContentBlock | ContentBlockParam)[] }).content;
  const batch = new ToolCallBatch(executor, options);
  if (typeof content !== "string") {
    for (const block of content) {
      if (block.type === "tool_use") batch.add({ id: block.id, name: block.name, input: block.input });
    }
  }
  return { role: "user", content: (await batch.end()).map(toToolResultBlock) };
}
