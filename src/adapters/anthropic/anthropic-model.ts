import type Anthropic from "@anthropic-ai/sdk";
import type { Model, ModelRequest, ModelStreamEvent, ModelToolCall } from "../../agent/model.js";
import { ModelError } from "../../errors/model-error.js";
import { WeftError } from "../../errors/weft-error.js";
import { toAnthropicRequest } from "./messages.js";

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
    /** The tool_use blocks still streaming, by content block index. */
    const openCalls = new Map<number, ModelToolCall & { initialInput: unknown }>();
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
            if (event.content_block.type === "tool_use") {
              const { id, name, input } = event.content_block;
              openCalls.set(event.index, { id, name, arguments: "", initialInput: input });
            }
            break;
          case "content_block_delta":
            if (event.delta.type === "text_delta" && event.delta.text !== "") {
              yield { type: "text-delta", text: event.delta.text };
            } else if (event.delta.type === "input_json_delta") {
              const call = openCalls.get(event.index);
              if (call !== undefined) call.arguments += event.delta.partial_json;
            }
            break;
          case "content_block_stop": {
            const call = openCalls.get(event.index);
            if (call === undefined) break;
            openCalls.delete(event.index);
            yield { type: "tool-call", call: finishedCall(call) };
            break;
          }
          case "message_delta":
            stopReason = event.delta.stop_reason ?? stopReason;
            outputTokens = event.usage.output_tokens;
            break;
        }
      }
    } catch (error) {
      throw toModelError(error, server, request.signal);
    }
    // The SDK ends the stream quietly when the signal aborts it.
    if (request.signal?.aborted) throw toModelError(request.signal.reason, server, request.signal);
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

/** The call with its input as the model wrote it: the streamed JSON, else the block's own input, else `{}`. */
function finishedCall(call: ModelToolCall & { initialInput: unknown }): ModelToolCall {
  const hasInitialInput =
    typeof call.initialInput === "object" &&
    call.initialInput !== null &&
    Object.keys(call.initialInput).length > 0;
  const argumentsText =
    call.arguments !== "" ? call.arguments : hasInitialInput ? JSON.stringify(call.initialInput) : "{}";
  return { id: call.id, name: call.name, arguments: argumentsText };
}

async function createClient(options: AnthropicModelOptions): Promise<Anthropic> {
  let sdk: typeof import("@anthropic-ai/sdk");
  try {
    sdk = await import("@anthropic-ai/sdk");
  } catch (error) {
    throw new WeftError(
      "MODEL_SDK_MISSING",
      "anthropicModel needs the @anthropic-ai/sdk package: npm install @anthropic-ai/sdk",
      { cause: error },
    );
  }
  return new sdk.Anthropic({
    baseURL: options.baseURL,
    apiKey: options.apiKey ?? process.env.ANTHROPIC_API_KEY,
    maxRetries: options.maxRetries ?? 0,
  });
}

/** An SDK error as a ModelError: the reason from the status (or its absence), the server's own message kept. */
function toModelError(error: unknown, server: string, signal: AbortSignal | undefined): ModelError {
  if (ModelError.isInstance(error)) return error;
  const fail = (reason: ModelError["reason"], message: string, status?: number): ModelError =>
    new ModelError({ provider: "anthropic", reason, message, status, cause: error });
  if (signal?.aborted || isKindOf(error, "APIUserAbortError") || isKindOf(error, "AbortError")) {
    return fail("aborted", `The request to ${server} was aborted`);
  }
  const title = capitalize(server);
  const status = (error as { status?: unknown })?.status;
  // An error body is `{ type: "error", error: { type, message } }`, in an answer or as a stream's `error` event.
  const body = (error as { error?: { error?: { type?: unknown; message?: unknown } } })?.error?.error;
  if (typeof status !== "number") {
    if (isKindOf(error, "APIConnectionError")) {
      return fail("unreachable", `Cannot reach ${server}: ${innermostMessage(error)}`);
    }
    return body?.message !== undefined
      ? fail("server", `${title} failed mid-stream (${String(body.type)}: ${String(body.message)})`)
      : fail("server", `The answer from ${server} could not be read: ${innermostMessage(error)}`);
  }
  const said = `${status}: ${String(body?.message ?? (error as Error).message)}`;
  if (status === 401 || status === 403) {
    return fail(
      "unauthorized",
      `${title} refused the API key (${said}): check the apiKey option or ANTHROPIC_API_KEY`,
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
