import type OpenAI from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { Model, ModelRequest, ModelStreamEvent, ModelToolCall, ModelUsage } from "../../agent/model.js";
import { ModelError } from "../../errors/model-error.js";
import { WeftError } from "../../errors/weft-error.js";
import { toChatCompletionsRequest } from "./chat-messages.js";

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
      throw toModelError(error, server.label, request.signal);
    }
    // The SDK ends the stream quietly when the signal aborts it.
    if (request.signal?.aborted) throw toModelError(request.signal.reason, server.label, request.signal);
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

type ToolCallDelta = NonNullable<ChatCompletionChunk.Choice.Delta["tool_calls"]>[number];

/**
 * Puts tool calls together from their deltas. A call is complete when a delta for a later call arrives, so `add`
 * returns the calls that delta completed; `flush` returns the rest when the turn ends.
 */
class ToolCallAssembler {
  readonly #pending = new Map<number, ModelToolCall>();
  #currentIndex = -1;

  add(deltas: readonly ToolCallDelta[]): ModelToolCall[] {
    const completed: ModelToolCall[] = [];
    for (const delta of deltas) {
      // Some compatible servers leave out `index`; a new id then means a new call.
      const index =
        typeof delta.index === "number"
          ? delta.index
          : delta.id !== undefined && delta.id !== this.#pending.get(this.#currentIndex)?.id
            ? this.#currentIndex + 1
            : Math.max(this.#currentIndex, 0);
      if (index > this.#currentIndex) {
        completed.push(...this.#take((pendingIndex) => pendingIndex < index));
        this.#currentIndex = index;
      }
      const call = this.#pending.get(index) ?? { id: "", name: "", arguments: "" };
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name += delta.function.name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
      this.#pending.set(index, call);
    }
    return completed;
  }

  flush(): ModelToolCall[] {
    return this.#take(() => true);
  }

  #take(isChosen: (index: number) => boolean): ModelToolCall[] {
    const indexes = [...this.#pending.keys()].filter(isChosen).sort((left, right) => left - right);
    return indexes.map((index) => {
      const call = this.#pending.get(index) as ModelToolCall;
      this.#pending.delete(index);
      return { ...call, arguments: call.arguments === "" ? "{}" : call.arguments };
    });
  }
}

async function createClient(options: OpenAIModelOptions): Promise<OpenAI> {
  let sdk: typeof import("openai");
  try {
    sdk = await import("openai");
  } catch (error) {
    throw new WeftError("MODEL_SDK_MISSING", "openaiModel needs the openai package: npm install openai", {
      cause: error,
    });
  }
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

/** An SDK error as a ModelError: the reason from the status (or its absence), the server's own message kept. */
function toModelError(error: unknown, server: string, signal: AbortSignal | undefined): ModelError {
  if (ModelError.isInstance(error)) return error;
  const fail = (reason: ModelError["reason"], message: string, status?: number): ModelError =>
    new ModelError({ provider: "openai", reason, message, status, cause: error });
  if (signal?.aborted || isKindOf(error, "APIUserAbortError") || isKindOf(error, "AbortError")) {
    return fail("aborted", `The request to ${server} was aborted`);
  }
  const title = capitalize(server);
  const status = (error as { status?: unknown })?.status;
  // An error body is `{ error: { message, type, code } }`, in an answer or in a stream's chunk.
  const body = (error as { error?: { message?: unknown } })?.error;
  if (typeof status !== "number") {
    if (isKindOf(error, "APIConnectionError")) {
      return fail("unreachable", `Cannot reach ${server}: ${innermostMessage(error)}`);
    }
    return body?.message !== undefined
      ? fail("server", `${title} failed mid-stream (${String(body.message)})`)
      : fail("server", `The answer from ${server} could not be read: ${innermostMessage(error)}`);
  }
  const said = `${status}: ${String(body?.message ?? (error as Error).message)}`;
  if (status === 401 || status === 403) {
    return fail(
      "unauthorized",
      `${title} refused the API key (${said}): check the apiKey option or OPENAI_API_KEY`,
      status,
    );
  }
  if (status === 429) return fail("rate-limited", `${title} is rate-limiting requests (${said})`, status);
  if (status < 500) return fail("bad-request", `${title} refused the request (${said})`, status);
  return fail("server", `${title} failed (${said})`, status);
}

/** Whether `error` is an instance of a class of that name, by its prototype chain (any copy of the SDK). */
function isKindOf(error: unknown, className: string): boolean {
  if (error instanceof Error && error.name === className) return true;
  for (
    let prototype = Object.getPrototypeOf(error ?? {});
    prototype;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    if (prototype.constructor?.name === className) return true;
  }
  return false;
}

/** The message of the deepest cause (`connect ECONNREFUSED 127.0.0.1:9` rather than `Connection error.`). */
function innermostMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let cause = (error as Error)?.cause; cause instanceof Error; cause = cause.cause)
    message = cause.message;
  return message;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
