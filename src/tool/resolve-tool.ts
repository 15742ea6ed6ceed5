import { type ResolvedBatch, resolveBatch } from "./batch.js";
import type { ResolvedPolicy } from "./policy.js";
import { resolvePolicy } from "./resolve-policy.js";
import { type CompiledSchema, compileSchema, describeType } from "./schema.js";
import { resolveThreadTarget, type ThreadTarget } from "./thread-options.js";
import type { Tool } from "./types.js";

/** A tool checked once, with its schema compiled and its policy resolved. */
export interface ResolvedTool {
  name: string;
  description: string | undefined;
  tool: Tool;
  schema: CompiledSchema;
  policy: ResolvedPolicy;
  /** Set for a tool that runs in a worker thread (`runIn: "thread"`): where the thread finds its code. */
  thread?: ThreadTarget;
  /** Set for a tool with `executeBatch`: how its calls are gathered into batches. */
  batch?: ResolvedBatch;
}

const resolved = new WeakMap<object, ResolvedTool>();

/**
 * Checks that a value is a usable tool and prepares it. The result is remembered per tool object, so registering a
 * tool in several executors compiles its schema once.
 */
export function resolveTool(value: unknown): ResolvedTool {
  if (typeof value === "object" && value !== null) {
    const known = resolved.get(value);
    if (known !== undefined) return known;
  }
  const tool = checkToolShape(value);
  const policy = resolvePolicy(tool.name, tool);
  if (policy.hedge !== undefined && tool.executeBatch !== undefined) {
    throw new TypeError(
      `Tool "${tool.name}": \`hedge\` cannot be combined with \`executeBatch\`: a batch is sent once for all its calls, so there is no single call to duplicate`,
    );
  }
  const result: ResolvedTool = {
    name: tool.name,
    description: tool.description,
    tool,
    schema: compileSchema(tool.inputSchema, tool.name, tool.inputJsonSchema),
    policy,
    thread: resolveThreadTarget(tool.name, tool, policy.retry.attempts),
    batch: resolveBatch(tool.name, tool),
  };
  resolved.set(tool, result);
  return result;
}

/** Tells whether a value has the shape of a tool, without throwing. Used to pick tools out of a module's exports. */
export function isTool(value: unknown): value is Tool {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Tool).name === "string" &&
    (typeof (value as Tool).execute === "function" || (value as Tool).runIn === "thread")
  );
}

function checkToolShape(value: unknown): Tool {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(
      `A tool must be an object with a name and an execute function, got ${describeType(value)}`,
    );
  }
  const candidate = value as Partial<Tool>;
  if (typeof candidate.name !== "string" || candidate.name.trim() === "") {
    throw new TypeError(`A tool needs a non-empty string \`name\`, got ${describeType(candidate.name)}`);
  }
  // A thread tool's code is in its module, so a declaration may leave `execute` out.
  if (
    typeof candidate.execute !== "function" &&
    !(candidate.runIn === "thread" && candidate.execute === undefined)
  ) {
    throw new TypeError(
      `Tool "${candidate.name}": \`execute\` must be a function, got ${describeType(candidate.execute)}`,
    );
  }
  if (candidate.description !== undefined && typeof candidate.description !== "string") {
    throw new TypeError(
      `Tool "${candidate.name}": \`description\` must be a string, got ${describeType(candidate.description)}`,
    );
  }
  return candidate as Tool;
}
