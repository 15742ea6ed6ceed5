export type { AdaptiveConcurrency, ResolvedAdaptiveConcurrency } from "./adaptive-concurrency.js";
export { type ToolAnnotations, toolGroupKey } from "./annotations.js";
export type { BatchContext, BatchOptions, ExecuteBatch, ResolvedBatch } from "./batch.js";
export { defineTool, type ThreadToolDeclaration, type ToolDefinition } from "./define-tool.js";
export type { HedgePolicy, ResolvedHedge } from "./hedge.js";
export { describeTool, type ToolDescription } from "./json-schema.js";
export type { ResolvedPolicy, RetryPolicy, ToolPolicy } from "./policy.js";
export {
  defaultMaxThrottles,
  type RateLimit,
  type RateUnit,
  type ResolvedRateLimit,
  resolveRateLimit,
} from "./rate-limit.js";
export { defaultCacheTtlMs, resolvePolicy } from "./resolve-policy.js";
export { isTool, type ResolvedTool, resolveTool } from "./resolve-tool.js";
export type { ResourceClaim, ResourceMode, ResourcesOf } from "./resources.js";
export {
  compileSchema,
  type InferInput,
  type InputSchema,
  isStandardSchema,
  type JsonSchema,
} from "./schema.js";
export type { ThreadOptions } from "./thread-options.js";
export type { Tool, ToolContext } from "./types.js";
export { checkUses, type PoolUses } from "./uses.js";
