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
export { type ChatAssistantToolCalls, runChatToolCalls } from "./chat-tool-calls.js";
export { type OpenAIModelOptions, openaiModel } from "./model-exports.js";
export { type ResponseItems, runResponsesFunctionCalls } from "./responses-tool-calls.js";
export { toChatCompletionsTools, toResponsesTools } from "./tools.js";
