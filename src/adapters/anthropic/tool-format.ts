import type { Tool as AnthropicTool, ToolResultBlockParam } from "@anthropic-ai/sdk/resources/messages";
import type { ToolResultMessage } from "../../agent/model.js";
import type { ToolDescription } from "../../tool/json-schema.js";

/** A tool as a Messages API `tools` entry. */
export function toAnthropicTool(tool: ToolDescription): AnthropicTool {
  return {
    name: tool.name,
    description: tool.description,
    input_schema: { type: "object", ...tool.inputSchema } as AnthropicTool.InputSchema,
  };
}

/** A call's result as a `tool_result` block, with `is_error` set for a failure. */
export function toToolResultBlock(result: ToolResultMessage): ToolResultBlockParam {
  return {
    type: "tool_result",
    tool_use_id: result.callId,
    content: result.content,
    ...(result.isError ? { is_error: true } : {}),
  };
}
