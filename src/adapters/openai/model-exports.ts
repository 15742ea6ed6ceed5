export { type OpenAIModelOptions, openaiModel } from "./openai-model.js";
