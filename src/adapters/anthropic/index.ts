export {
  type ModelFacingErrorContext,
  modelFacingError,
  type ToolCallProblem,
} from "../model-facing-error.js";
export {
  runToolCalls,
  ToolCallBatch,
  type ToolCallBatchOptions,
  type ToolCallOutcome,
  type ToolCallRequest,
} from "../tool-call-batch.js";
export { type AnthropicModelOptions, anthropicModel } from "./model-exports.js";
export { type AssistantTurn, runToolUseBlocks, type ToolResultsMessage } from "./tool-use.js";
export { toAnthropicTools } from "./tools.js";
