import type { ToolPolicy } from "./policy.js";
import { resolveTool } from "./resolve-tool.js";
import type { InferInput, InputSchema } from "./schema.js";
import type { Tool, ToolContext } from "./types.js";

export interface ToolDefinition<Schema extends InputSchema | undefined, Output> extends ToolPolicy {
  /** A unique name; dots namespace tools (`fs.read`). Model providers accept `[A-Za-z0-9_.-]`. */
  name: string;
  /** What the tool does, in words a model reads to decide when to call it. */
  description?: string;
  /** A zod 4 schema (or any Standard Schema) or a JSON Schema. `execute`'s input type is inferred from it. */
  input?: Schema;
  execute(input: InferInput<Schema>, context: ToolContext): Output | Promise<Output>;
}

/**
 * Defines a tool. Its options are checked now, so a mistake surfaces where the tool is written.
 *
 * @example
 * const add = defineTool({
 *   name: "math.add",
 *   input: z.object({ a: z.number(), b: z.number() }),
 *   idempotent: true,
 *   execute: ({ a, b }) => a + b,
 * });
 */
export function defineTool<const Schema extends InputSchema | undefined = undefined, Output = unknown>(
  definition: ToolDefinition<Schema, Output>,
): Tool<InferInput<Schema>, Output> {
  const { input, ...rest } = definition;
  const tool: Tool = {
    ...(rest as Omit<Tool, "inputSchema">),
    ...(input === undefined ? {} : { inputSchema: input }),
  };
  resolveTool(tool);
  return tool as Tool<InferInput<Schema>, Output>;
}
