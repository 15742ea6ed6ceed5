import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { McpToolError } from "../../errors/mcp-tool-error.js";

/**
 * A tool result as the call's output: returned whole (content blocks, `structuredContent`, `_meta`) when it succeeded,
 * thrown as McpToolError when the server set `isError`, so the call fails with the server's own message.
 */
export function toolOutput(result: CallToolResult, toolName: string, serverName: string): CallToolResult {
  if (result.isError !== true) return result;
  const content = Array.isArray(result.content) ? result.content : [];
  const text = content
    .filter(
      (block): block is { type: "text"; text: string } =>
        block.type === "text" && typeof block.text === "string",
    )
    .map((block) => block.text)
    .join("\n");
  throw new McpToolError({ toolName, serverName, content, text });
}
