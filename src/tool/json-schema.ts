import { resolveTool } from "./resolve-tool.js";
import type { Tool } from "./types.js";

/** A tool as model providers describe it: a name, a description and the JSON Schema of its input. */
export interface ToolDescription {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/**
 * Describes a tool for a model provider, whatever its schema was written in.
 *
 * @example
 * const openAiTools = tools.map(describeTool).map((tool) => ({ type: "function", function: { name: tool.name,
 *   description: tool.description, parameters: tool.inputSchema } }));
 */
export function describeTool(tool: Tool): ToolDescription {
  const resolved = resolveTool(tool);
  return {
    name: resolved.name,
    description: resolved.description ?? "",
    inputSchema: resolved.schema.jsonSchema,
  };
}
