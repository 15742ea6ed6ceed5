export { defineTool, type ToolDefinition } from "./define-tool.js";
export { describeTool, type ToolDescription } from "./json-schema.js";
export type { ResolvedPolicy, RetryPolicy, ToolPolicy } from "./policy.js";
export { defaultCacheTtlMs, resolvePolicy } from "./resolve-policy.js";
export { isTool, type ResolvedTool, resolveTool } from "./resolve-tool.js";
export {
  compileSchema,
  type InferInput,
  type InputSchema,
  isStandardSchema,
  type JsonSchema,
} from "./schema.js";
export type { Tool, ToolContext } from "./types.js";
