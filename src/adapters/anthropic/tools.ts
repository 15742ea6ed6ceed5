import type { Tool as AnthropicTool } from "@anthropic-ai/sdk/resources/messages";
import { ProviderToolNames } from "../../agent/tool-names.js";
import { describeTool } from "../../tool/json-schema.js";
import type { Tool } from "../../tool/types.js";
import { toAnthropicTool } from "./tool-format.js";

/**
 * Describes weft tools for the Messages API's `tools` parameter. Names Anthropic refuses (`fs.read`) are given safe
 * ones (`fs_read`); `runToolUseBlocks` maps them back.
 *
 * @example
 * const message = await anthropic.messages.create({ model, max_tokens: 1024, messages, tools: toAnthropicTools(tools) });
 */
export function toAnthropicTools(tools: readonly Tool[]): AnthropicTool[] {
  if (!Array.isArray(tools)) {
    throw new TypeError(
      `Expected \`tools\` to be an array of tools, got ${tools === null ? "null" : typeof tools}`,
    );
  }
  const descriptions = tools.map(describeTool);
  const names = new ProviderToolNames(descriptions.map((description) => description.name));
  return names.describe(descriptions).map(toAnthropicTool);
}
