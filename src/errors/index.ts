export { CancelledError } from "./cancelled-error.js";
export { DependencyFailedError } from "./dependency-failed-error.js";
export { describeThrown } from "./describe-thrown.js";
export { McpConnectionError, type McpConnectionPhase } from "./mcp-connection-error.js";
export { McpResultError } from "./mcp-result-error.js";
export { McpToolError } from "./mcp-tool-error.js";
export { ModelError, type ModelErrorReason } from "./model-error.js";
export { PathOutsideRootError } from "./path-outside-root-error.js";
export { PlanError, type PlanProblem, type PlanProblemCode } from "./plan-error.js";
export { PlanParseError } from "./plan-parse-error.js";
export { QueueFullError } from "./queue-full-error.js";
export {
  defaultRetryAfterMs,
  RateLimitedError,
  type RateLimitedErrorOptions,
} from "./rate-limited-error.js";
export { RefResolutionError } from "./ref-resolution-error.js";
export { RunClosedError } from "./run-closed-error.js";
export { ToolBatchResultError } from "./tool-batch-result-error.js";
export { ToolExecutionError } from "./tool-execution-error.js";
export { ToolInputError } from "./tool-input-error.js";
export type { ToolInputIssue } from "./tool-input-issue.js";
export { ToolLoadError } from "./tool-load-error.js";
export { ToolNotFoundError } from "./tool-not-found-error.js";
export { ToolOutputError } from "./tool-output-error.js";
export { ToolResourcesError } from "./tool-resources-error.js";
export { ToolSchemaError, type ToolSchemaErrorReason } from "./tool-schema-error.js";
export { ToolThreadError, type ToolThreadFailure } from "./tool-thread-error.js";
export { ToolTimeoutError } from "./tool-timeout-error.js";
export { TraceFileError, type TraceFileProblem } from "./trace-file-error.js";
export { WeftError, type WeftErrorOptions } from "./weft-error.js";
