import type { AgentMessage } from "../agent/model.js";

/** A request body the server refuses with a 400, as the provider would. */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidRequestError";
  }
}

/** What the server needs from a request body, read from either provider's format. */
export interface WireRequest {
  model: string;
  isStreaming: boolean;
  /** OpenAI's `stream_options.include_usage`; Anthropic always reports usage. */
  includesUsage: boolean;
  system?: string;
  messages: AgentMessage[];
  toolNames: string[];
  stop: string[];
  parallelToolCalls: boolean;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The text of a message's content: a string, or the `text` of its text parts. */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((part) => isRecord(part) && part.type === "text" && typeof part.text === "string")
    .map((part) => (part as { text: string }).text)
    .join("");
}

/** `value` as a list of strings: one string, a list of them, or nothing. */
export function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  throw new InvalidRequestError(`${field}: expected a string or a list of strings`);
}

/** Checks the fields both providers require: a `model` string and a `messages` list. */
export function requireModelAndMessages(body: unknown): { body: Record<string, unknown>; model: string } {
  if (!isRecord(body)) throw new InvalidRequestError("The request body must be a JSON object");
  if (typeof body.model !== "string" || body.model === "") {
    throw new InvalidRequestError("model: Field required");
  }
  if (!Array.isArray(body.messages)) throw new InvalidRequestError("messages: Field required");
  return { body, model: body.model };
}
