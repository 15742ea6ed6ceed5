export { fromAiSdkTools } from "./from-ai-sdk-tools.js";
export { type AiSdkToolsOptions, toAiSdkTools } from "./to-ai-sdk-tools.js";
