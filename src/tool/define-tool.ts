import type { BatchOptions, ExecuteBatch } from "./batch.js";
import type { ToolPolicy } from "./policy.js";
import { resolveTool } from "./resolve-tool.js";
import type { ResourcesOf } from "./resources.js";
import type { InferInput, InputSchema, JsonSchema } from "./schema.js";
import { resolveThreadTarget, type ThreadOptions, threadDeclarationExecute } from "./thread-options.js";
import type { Tool, ToolContext } from "./types.js";

/** What `defineTool` takes: the tool's name, description, input schema, `execute`, and its policy. */
export interface ToolDefinition<Schema extends InputSchema | undefined, Output>
  extends ToolPolicy,
    ThreadOptions {
  /** A unique name; dots namespace tools (`fs.read`). Model providers accept `[A-Za-z0-9_.-]`. */
  name: string;
  /** What the tool does, in words a model reads to decide when to call it. */
  description?: string;
  /**
   * A zod schema (zod 3.25+ or 4, any of their APIs), any other Standard Schema, or a JSON Schema. `execute`'s input
   * type is inferred from it, and models are shown its JSON Schema.
   */
  input?: Schema;
  /**
   * The JSON Schema models are shown, for an `input` Standard Schema that cannot state one (arktype, valibot without
   * its converter, a hand-made one): `input` still checks the arguments and types `execute`.
   * @default the JSON Schema of `input`
   * @example { type: "object", properties: { q: { type: "string" } }, required: ["q"] }
   */
  inputJsonSchema?: JsonSchema;
  /** The resources a call touches, from its (checked) input: see ToolPolicy.resources. */
  resources?: ResourcesOf<InferInput<Schema>>;
  execute(input: InferInput<Schema>, context: ToolContext): Output | Promise<Output>;
  /** Gathers ready calls into batches for `executeBatch`: see Tool.batch. */
  batch?: BatchOptions;
  /** Runs a batch of calls at once, when `batch` is set: see ExecuteBatch. */
  executeBatch?: ExecuteBatch<InferInput<Schema>, Output>;
}

/**
 * A thread tool declared where it is registered, its code living in `module`: the main thread needs only its name,
 * schema and policy.
 */
export type ThreadToolDeclaration<Schema extends InputSchema | undefined, Output> = Omit<
  ToolDefinition<Schema, Output>,
  "execute" | "runIn" | "module"
> & { runIn: "thread"; module: URL | string; execute?: undefined };

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
 *
 * // CPU-bound: runs in the executor's worker threads; hash.js exports a tool named "hash" with its execute.
 * const hash = defineTool({
 *   name: "hash",
 *   input: z.object({ text: z.string() }),
 *   runIn: "thread",
 *   module: new URL("./hash.js", import.meta.url),
 * });
 */
export function defineTool<const Schema extends InputSchema | undefined = undefined, Output = unknown>(
  definition: ToolDefinition<Schema, Output> | ThreadToolDeclaration<Schema, Output>,
): Tool<InferInput<Schema>, Output> {
  const { input, ...rest } = definition;
  const tool: Tool = {
    ...(rest as Omit<Tool, "inputSchema">),
    ...(input === undefined ? {} : { inputSchema: input }),
  };
  if (tool.execute === undefined && tool.runIn === "thread") {
    const target = resolveThreadTarget(tool.name, tool);
    if (target !== undefined) tool.execute = threadDeclarationExecute(tool.name, target.moduleUrl);
  }
  resolveTool(tool);
  return tool as Tool<InferInput<Schema>, Output>;
}
