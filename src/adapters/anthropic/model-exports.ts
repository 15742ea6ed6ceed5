export { type AnthropicModelOptions, anthropicModel } from "./anthropic-model.js";
