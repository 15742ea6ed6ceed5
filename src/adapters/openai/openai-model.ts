import type OpenAI from "openai";
import type { Model, ModelRequest, ModelStreamEvent, ModelUsage } from "../../agent/model.js";
import { ModelError } from "../../errors/model-error.js";
import { importSdk, type SdkErrorFormat, toModelError } from "../sdk-model-error.js";
import { toChatCompletionsRequest } from "./chat-messages.js";
import { ToolCallAssembler } from "./tool-call-assembler.js";

/** Options of `openaiModel`: the OpenAI client's settings (any OpenAI-compatible server) and the model to ask. */
export interface OpenAIModelOptions {
  /** The model's name: `gpt-4.1-mini`, or a local model's (`qwen2.5:7b` for Ollama). */
  model: string;
  /**
   * The server: OpenAI's, or any OpenAI-compatible one (vLLM, Ollama, llama.cpp…).
   * @default process.env.OPENAI_BASE_URL, else https://api.openai.com/v1
   */
  baseURL?: string;
  /**
   * The API key. A local server that checks none takes any value.
   * @default process.env.OPENAI_API_KEY
   */
  apiKey?: string;
  /** The most tokens a turn may write, unless the request sets its own. */
  maxTokens?: number;
  temperature?: number;
  /**
   * How many times the SDK retries a failed request (connection errors, 408, 409, 429, 5xx).
   * @default 0, so that a failure is reported at once
   */
  maxRetries?: number;
  /** A ready SDK client; `baseURL`, `apiKey` and `maxRetries` are then unused. */
  client?: OpenAI;
}

/**
 * A model served over OpenAI's Chat Completions API, streamed: OpenAI's own, or any compatible server. Each tool call
 * is emitted the moment its arguments are complete, when the next call starts or the turn ends. The `openai` package
 * is loaded on the first request.
 *
 * @example
 * const model = openaiModel({ model: "qwen2.5:7b", baseURL: "http://127.0.0.1:11434/v1", apiKey: "ollama" });
 * for await (const event of model.stream({ messages: [{ role: "user", content: "Hi" }] })) console.log(event);
 */
export function openaiModel(options: OpenAIModelOptions): Model {
  if (typeof options?.model !== "string" || options.model === "") {
    throw new TypeError(
      `openaiModel: option "model" must be a non-empty string, got ${String(options?.model)}`,
    );
  }
  return new OpenAIChatModel(options);
}

const openaiErrors: SdkErrorFormat = {
  provider: "openai",
  apiKeyVariable: "OPENAI_API_KEY",
  serverMessage(error) {
    // An error body is `{ error: { message, type, code } }`, in an answer or in a stream's chunk.
    const body = (error as { error?: { message?: unknown } })?.error;
    if (body?.message === undefined || body.message === null) return undefined;
    const message = String(body.message);
    return { message, summary: message };
  },
};

class OpenAIChatModel implements Model {
  readonly provider = "openai";
  readonly name: string;
  readonly #options: OpenAIModelOptions;
  #client: Promise<OpenAI> | undefined;

  constructor(options: OpenAIModelOptions) {
    this.name = options.model;
    this.#options = options;
    if (options.client === undefined && !(options.apiKey ?? process.env.OPENAI_API_KEY)) {
      throw new ModelError({
        provider: "openai",
        reason: "unauthorized",
        message:
          "openaiModel needs an API key: pass the apiKey option or set OPENAI_API_KEY (a local server that checks none takes any value)",
      });
    }
    if (options.client !== undefined) this.#client = Promise.resolve(options.client);
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
    this.#client ??= createClient(this.#options);
    const client = await this.#client;
    const server = describeServer(client.baseURL);
    const body = toChatCompletionsRequest(request, {
      model: this.name,
      maxTokens: this.#options.maxTokens,
      temperature: this.#options.temperature,
      usesMaxCompletionTokens: server.isOpenAI,
    });
    const calls = new ToolCallAssembler();
    let finishReason: string | undefined;
    let usage: ModelUsage | undefined;
    try {
      const chunks = await client.chat.completions.create(body, { signal: request.signal });
      for await (const chunk of chunks) {
        if (chunk.usage) {
          usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
        }
        const choice = chunk.choices?.[0];
        if (choice === undefined) continue;
        if (choice.delta?.content) yield { type: "text-delta", text: choice.delta.content };
        for (const call of calls.add(choice.delta?.tool_calls ?? [])) yield { type: "tool-call", call };
        if (choice.finish_reason) {
          finishReason = choice.finish_reason;
          for (const call of calls.flush()) yield { type: "tool-call", call };
        }
      }
    } catch (error) {
      throw toModelError(error, openaiErrors, server.label, request.signal);
    }
    // The SDK ends the stream quietly when the signal aborts it.
    if (request.signal?.aborted) {
      throw toModelError(request.signal.reason, openaiErrors, server.label, request.signal);
    }
    if (finishReason === undefined) {
      throw new ModelError({
        provider: "openai",
        reason: "server",
        message: `The stream from ${server.label} ended without a finish_reason: the turn was cut off`,
      });
    }
    yield { type: "finish", reason: finishReason, ...(usage === undefined ? {} : { usage }) };
  }
}

async function createClient(options: OpenAIModelOptions): Promise<OpenAI> {
  const sdk = await importSdk(
    () => import("openai"),
    "openaiModel needs the openai package: npm install openai",
  );
  return new sdk.OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey ?? process.env.OPENAI_API_KEY,
    maxRetries: options.maxRetries ?? 0,
  });
}

function describeServer(baseURL: string): { label: string; isOpenAI: boolean } {
  const isOpenAI = /^https:\/\/api\.openai\.com(\/|$)/.test(baseURL);
  return { label: `${isOpenAI ? "the OpenAI API" : "the OpenAI-compatible server"} at ${baseURL}`, isOpenAI };
}
