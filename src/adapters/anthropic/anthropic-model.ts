import type Anthropic from "@anthropic-ai/sdk";
import type { Model, ModelRequest, ModelStreamEvent } from "../../agent/model.js";
import { ModelError } from "../../errors/model-error.js";
import { importSdk, type SdkErrorFormat, toModelError } from "../sdk-model-error.js";
import { toAnthropicRequest } from "./messages.js";
import { ToolUseAssembler } from "./tool-use-assembler.js";

/** Options of `anthropicModel`: the Anthropic client's settings and the model to ask. */
export interface AnthropicModelOptions {
  /** The model's name, e.g. `claude-sonnet-4-5`. */
  model: string;
  /** @default process.env.ANTHROPIC_BASE_URL, else https://api.anthropic.com */
  baseURL?: string;
  /** @default process.env.ANTHROPIC_API_KEY */
  apiKey?: string;
  /**
   * The most tokens a turn may write, unless the request sets its own (the API requires a limit).
   * @default 4096
   */
  maxTokens?: number;
  temperature?: number;
  /**
   * How many times the SDK retries a failed request (connection errors, 408, 409, 429, 5xx).
   * @default 0, so that a failure is reported at once
   */
  maxRetries?: number;
  /** A ready SDK client; `baseURL`, `apiKey` and `maxRetries` are then unused. */
  client?: Anthropic;
}

/**
 * A Claude model over Anthropic's Messages API, streamed. Each tool call is emitted the moment its `tool_use` block
 * closes, with the input JSON exactly as the model wrote it. The `@anthropic-ai/sdk` package is loaded on the first
 * request.
 *
 * @example
 * const model = anthropicModel({ model: "claude-sonnet-4-5" });
 * for await (const event of model.stream({ messages: [{ role: "user", content: "Hi" }] })) console.log(event);
 */
export function anthropicModel(options: AnthropicModelOptions): Model {
  if (typeof options?.model !== "string" || options.model === "") {
    throw new TypeError(
      `anthropicModel: option "model" must be a non-empty string, got ${String(options?.model)}`,
    );
  }
  return new AnthropicMessagesModel(options);
}

const anthropicErrors: SdkErrorFormat = {
  provider: "anthropic",
  apiKeyVariable: "ANTHROPIC_API_KEY",
  serverMessage(error) {
    // An error body is `{ type: "error", error: { type, message } }`, in an answer or as a stream's `error` event.
    const body = (error as { error?: { error?: { type?: unknown; message?: unknown } } })?.error?.error;
    if (body?.message === undefined || body.message === null) return undefined;
    const message = String(body.message);
    return { message, summary: `${String(body.type)}: ${message}` };
  },
};

class AnthropicMessagesModel implements Model {
  readonly provider = "anthropic";
  readonly name: string;
  readonly #options: AnthropicModelOptions;
  #client: Promise<Anthropic> | undefined;

  constructor(options: AnthropicModelOptions) {
    this.name = options.model;
    this.#options = options;
    if (options.client === undefined && !(options.apiKey ?? process.env.ANTHROPIC_API_KEY)) {
      throw new ModelError({
        provider: "anthropic",
        reason: "unauthorized",
        message: "anthropicModel needs an API key: pass the apiKey option or set ANTHROPIC_API_KEY",
      });
    }
    if (options.client !== undefined) this.#client = Promise.resolve(options.client);
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
    this.#client ??= createClient(this.#options);
    const client = await this.#client;
    const server = `the Anthropic API at ${client.baseURL}`;
    const body = toAnthropicRequest(request, {
      model: this.name,
      maxTokens: this.#options.maxTokens,
      temperature: this.#options.temperature,
    });
    const calls = new ToolUseAssembler();
    let stopReason: string | undefined;
    let inputTokens = 0;
    let outputTokens = 0;
    try {
      const events = await client.messages.create(body, { signal: request.signal });
      for await (const event of events) {
        switch (event.type) {
          case "message_start": {
            const usage = event.message.usage;
            inputTokens =
              usage.input_tokens +
              (usage.cache_creation_input_tokens ?? 0) +
              (usage.cache_read_input_tokens ?? 0);
            outputTokens = usage.output_tokens;
            break;
          }
          case "content_block_start":
            if (event.content_block.type === "tool_use") calls.start(event.index, event.content_block);
            break;
          case "content_block_delta":
            if (event.delta.type === "text_delta" && event.delta.text !== "") {
              yield { type: "text-delta", text: event.delta.text };
            } else if (event.delta.type === "input_json_delta") {
              calls.addInputJson(event.index, event.delta.partial_json);
            }
            break;
          case "content_block_stop": {
            const call = calls.stop(event.index);
            if (call !== undefined) yield { type: "tool-call", call };
            break;
          }
          case "message_delta":
            stopReason = event.delta.stop_reason ?? stopReason;
            outputTokens = event.usage.output_tokens;
            break;
        }
      }
    } catch (error) {
      throw toModelError(error, anthropicErrors, server, request.signal);
    }
    // The SDK ends the stream quietly when the signal aborts it.
    if (request.signal?.aborted) {
      throw toModelError(request.signal.reason, anthropicErrors, server, request.signal);
    }
    if (stopReason === undefined) {
      throw new ModelError({
        provider: "anthropic",
        reason: "server",
        message: `The stream from ${server} ended without a stop_reason: the turn was cut off`,
      });
    }
    yield { type: "finish", reason: stopReason, usage: { inputTokens, outputTokens } };
  }
}

async function createClient(options: AnthropicModelOptions): Promise<Anthropic> {
  const sdk = await importSdk(
    () => import("@anthropic-ai/sdk"),
    "anthropicModel needs the @anthropic-ai/sdk package: npm install @anthropic-ai/sdk",
  );
  return new sdk.Anthropic({
    baseURL: options.baseURL,
    apiKey: options.apiKey ?? process.env.ANTHROPIC_API_KEY,
    maxRetries: options.maxRetries ?? 0,
  });
}
