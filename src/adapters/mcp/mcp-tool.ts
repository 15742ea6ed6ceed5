import type { CallToolResult, Tool as McpToolDescriptor } from "@modelcontextprotocol/sdk/types.js";
import type { ToolAnnotations } from "../../tool/annotations.js";
import { compileSchema } from "../../tool/schema.js";
import type { Tool } from "../../tool/types.js";
import type { McpConnectionPool } from "./connection-pool.js";
import { toolOutput } from "./tool-result.js";

/** A weft tool that calls one tool of an MCP server. Its output is the MCP `CallToolResult`. */
export type McpWeftTool = Tool<Record<string, unknown>, CallToolResult>;

export interface McpToolSettings {
  serverName: string;
  timeoutMs: number;
  onWarning: (message: string) => void;
}

const hints = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const;

/**
 * Wraps one MCP tool as a weft tool named `<server>.<tool>`, or returns undefined (after a warning) when weft cannot
 * check its input schema.
 */
export function toWeftTool(
  descriptor: McpToolDescriptor,
  connection: McpConnectionPool,
  settings: McpToolSettings,
): McpWeftTool | undefined {
  const name = `${settings.serverName}.${descriptor.name}`;
  // weft's ajv speaks one dialect; the declared `$schema` would make it refuse schemas it checks well enough.
  const { $schema: _dialect, ...inputSchema } = descriptor.inputSchema as Record<string, unknown>;
  try {
    compileSchema(inputSchema, name);
  } catch (error) {
    settings.onWarning(`weft/mcp: tool "${name}" is left out: ${(error as Error).message}`);
    return undefined;
  }
  const tool: McpWeftTool = {
    name,
    inputSchema,
    timeoutMs: settings.timeoutMs,
    resetTimeoutOnProgress: true,
    execute: async (input, context) => {
      const result = await connection.callTool(descriptor.name, input, context.signal, (progress) =>
        context.progress(progress),
      );
      return toolOutput(result, name, settings.serverName);
    },
  };
  const description = descriptor.description ?? descriptor.title;
  if (description !== undefined) tool.description = description;
  const annotations = pickAnnotations(descriptor.annotations);
  if (annotations !== undefined) tool.annotations = annotations;
  return tool;
}

/** Keeps the hints weft reads, and only when they are booleans, so that a server's odd value cannot break the tool. */
function pickAnnotations(annotations: McpToolDescriptor["annotations"]): ToolAnnotations | undefined {
  if (annotations === undefined) return undefined;
  const picked: ToolAnnotations = {};
  for (const hint of hints) {
    const value: unknown = annotations[hint];
    if (typeof value === "boolean") picked[hint] = value;
  }
  if (typeof annotations.title === "string") picked.title = annotations.title;
  return picked;
}
