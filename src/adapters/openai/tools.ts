import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { FunctionTool } from "openai/resources/responses/responses";
import { ProviderToolNames } from "../../agent/tool-names.js";
import { describeTool, type ToolDescription } from "../../tool/json-schema.js";
import type { Tool } from "../../tool/types.js";
import { toChatCompletionsTool, toResponsesTool } from "./tool-format.js";

/**
 * Describes weft tools for the Chat Completions API's `tools` parameter. Names OpenAI refuses (`fs.read`) are given
 * safe ones (`fs_read`); `runChatToolCalls` maps them back.
 *
 * @example
 * const completion = await openai.chat.completions.create({ model, messages, tools: toChatCompletionsTools(tools) });
 */
export function toChatCompletionsTools(tools: readonly Tool[]): ChatCompletionFunctionTool[] {
  return describe(tools).map(toChatCompletionsTool);
}

/**
 * Describes weft tools for the Responses API's `tools` parameter, with the same safe names as
 * `toChatCompletionsTools`.
 *
 * @example
 * const response = await openai.responses.create({ model, input, tools: toResponsesTools(tools) });
 */
export function toResponsesTools(tools: readonly Tool[]): FunctionTool[] {
  return describe(tools).map(toResponsesTool);
}

function describe(tools: readonly Tool[]): ToolDescription[] {
  if (!Array.isArray(tools)) {
    throw new TypeError(
      `Expected \`tools\` to be an array of tools, got ${tools === null ? "null" : typeof tools}`,
    );
  }
  const descriptions = tools.map(describeTool);
  return new ProviderToolNames(descriptions.map((description) => description.name)).describe(descriptions);
}
