import type { IncomingHttpHeaders } from "node:http";
import { anthropicErrorBody, anthropicMessage, anthropicStreamFrames } from "./anthropic-answer.js";
import { readAnthropicRequest } from "./anthropic-request.js";
import { openaiCompletion, openaiErrorBody, openaiStreamFrames } from "./openai-answer.js";
import { readOpenAIRequest } from "./openai-request.js";
import type { AnswerFrame } from "./paced-writer.js";
import type { PreparedTurn } from "./prepared-turn.js";
import type { ModelServerProvider } from "./types.js";
import { anthropicIds, openaiIds } from "./wire-ids.js";
import type { WireRequest } from "./wire-request.js";

/** One provider's wire protocol, as the model server speaks it. */
export interface Protocol {
  provider: ModelServerProvider;
  /** The endpoint's path. */
  path: string;
  requestIdHeader: string;
  newRequestId(): string;
  readRequest(body: unknown): WireRequest;
  streamFrames(turn: PreparedTurn, request: WireRequest): AnswerFrame[];
  completeBody(turn: PreparedTurn, request: WireRequest): Record<string, unknown>;
  errorBody(status: number, message: string, requestId: string): Record<string, unknown>;
  /** The key the request carries, where this provider's clients send it. */
  keyOf(headers: IncomingHttpHeaders): string | undefined;
  /** The 401 message for a request that carries `key` (or none). */
  unauthorizedMessage(key: string | undefined): string;
  notFoundMessage(method: string, path: string): string;
  malformedJsonMessage: string;
}

export const openaiProtocol: Protocol = {
  provider: "openai",
  path: "/v1/chat/completions",
  requestIdHeader: "x-request-id",
  newRequestId: openaiIds.request,
  readRequest: readOpenAIRequest,
  streamFrames: (turn, request) => openaiStreamFrames(turn, request),
  completeBody: (turn, request) => openaiCompletion(turn, request),
  errorBody: (status, message) => openaiErrorBody(status, message),
  keyOf: bearerToken,
  unauthorizedMessage: (key) =>
    key === undefined
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : `Incorrect API key provided: ${maskKey(key)}.`,
  notFoundMessage: (method, path) => `Invalid URL (${method} ${path})`,
  malformedJsonMessage:
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
};

export const anthropicProtocol: Protocol = {
  provider: "anthropic",
  path: "/v1/messages",
  requestIdHeader: "request-id",
  newRequestId: anthropicIds.request,
  readRequest: readAnthropicRequest,
  streamFrames: (turn, request) => anthropicStreamFrames(turn, request),
  completeBody: (turn, request) => anthropicMessage(turn, request),
  errorBody: anthropicErrorBody,
  keyOf: (headers) => {
    const apiKey = headers["x-api-key"];
    return typeof apiKey === "string" ? apiKey : bearerToken(headers);
  },
  unauthorizedMessage: (key) => (key === undefined ? "x-api-key header is required" : "invalid x-api-key"),
  notFoundMessage: () => "Not Found",
  malformedJsonMessage: "There was an error parsing the body of your request: it is not valid JSON",
};

/** The protocol of a path, or for an unknown path the one the client's headers suggest. */
export function protocolFor(path: string, headers: IncomingHttpHeaders): Protocol {
  if (path === openaiProtocol.path) return openaiProtocol;
  if (path === anthropicProtocol.path) return anthropicProtocol;
  return headers["anthropic-version"] !== undefined || headers["x-api-key"] !== undefined
    ? anthropicProtocol
    : openaiProtocol;
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer (.+)$/i.exec(headers.authorization ?? "");
  return match?.[1];
}

function maskKey(key: string): string {
  return key.length <= 8
    ? "*".repeat(key.length)
    : `${key.slice(0, 3)}${"*".repeat(key.length - 7)}${key.slice(-4)}`;
}
