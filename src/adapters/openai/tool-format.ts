import type {
  ChatCompletionFunctionTool,
  ChatCompletionToolMessageParam,
} from "openai/resources/chat/completions";
import type { FunctionTool } from "openai/resources/responses/responses";
import type { ToolResultMessage } from "../../agent/model.js";
import type { ToolDescription } from "../../tool/json-schema.js";

/** A tool as a Chat Completions `tools` entry. */
export function toChatCompletionsTool(tool: ToolDescription): ChatCompletionFunctionTool {
  return {
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  };
}

/** A tool as a Responses API `tools` entry. */
export function toResponsesTool(tool: ToolDescription): FunctionTool {
  return {
    type: "function",
    name: tool.name,
    description: tool.description,
    parameters: tool.inputSchema,
    strict: false,
  };
}

/** A call's result as a Chat Completions `tool` message. */
export function toChatToolMessage(result: ToolResultMessage): ChatCompletionToolMessageParam {
  return { role: "tool", tool_call_id: result.callId, content: result.content };
}
