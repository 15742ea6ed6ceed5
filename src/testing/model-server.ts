import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AnswerFrame, writePaced } from "./paced-writer.js";
import { prepareTurn } from "./prepared-turn.js";
import { type Protocol, protocolFor } from "./protocols.js";
import { checkTiming, ScriptPlayer } from "./script-player.js";
import type { ModelServer, ModelServerOptions, ReceivedRequest, ScriptedTurn } from "./types.js";
import { InvalidRequestError, type WireRequest } from "./wire-request.js";

/**
 * Starts an HTTP server on 127.0.0.1 (a free port) that speaks the OpenAI Chat Completions and Anthropic Messages
 * wire protocols and answers each request with the next scripted turn, streamed token by token when the client asks
 * for a stream. Point the official SDKs (or any OpenAI-compatible client) at it to test an agent without a model.
 *
 * Answers: `POST /v1/chat/completions` and `POST /v1/messages`; any other path gets a 404, a body that is not JSON a
 * 400, a key other than `apiKey` a 401, and a request after the last scripted turn a 500 — each in the provider's
 * error format. Note that the SDKs retry 408, 409, 429 and 5xx answers (twice by default) unless `maxRetries` is 0,
 * and each retry takes the next turn.
 *
 * @example
 * const server = await startModelServer({
 *   script: [
 *     { toolCalls: [{ name: "weather", arguments: { city: "Paris" } }] },
 *     { text: "It is sunny in Paris." },
 *   ],
 * });
 * const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: "test" });
 * // … run the agent, then check what it sent:
 * expect(server.requests[1]?.messages.at(-1)).toMatchObject({ role: "tool" });
 * await server.close();
 */
export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`startModelServer: expected an options object, got ${String(options)}`);
  }
  checkTiming(options.timing, "startModelServer: option timing");
  if (options.apiKey !== undefined && (typeof options.apiKey !== "string" || options.apiKey === "")) {
    throw new TypeError(
      `startModelServer: option "apiKey" must be a non-empty string, got ${String(options.apiKey)} (${typeof options.apiKey})`,
    );
  }
  const player = new ScriptPlayer(options.script);
  const requests: ReceivedRequest[] = [];
  const stopWriters = new Set<() => void>();

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const protocol = protocolFor(path, request.headers);
    const requestId = protocol.newRequestId();
    const sendError = (status: number, message: string): void => {
      if (response.destroyed) return;
      response.writeHead(status, {
        "content-type": "application/json",
        [protocol.requestIdHeader]: requestId,
      });
      response.end(JSON.stringify(protocol.errorBody(status, message, requestId)));
    };
    const rawBody = await readBody(request);
    const receivedAt = performance.now();
    const key = protocol.keyOf(request.headers);
    if (options.apiKey !== undefined && key !== options.apiKey) {
      return sendError(401, protocol.unauthorizedMessage(key));
    }
    if (request.method !== "POST" || path !== protocol.path) {
      return sendError(404, protocol.notFoundMessage(request.method ?? "GET", path));
    }
    let body: unknown;
    let wire: WireRequest;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return sendError(400, protocol.malformedJsonMessage);
    }
    try {
      wire = protocol.readRequest(body);
    } catch (error) {
      if (error instanceof InvalidRequestError) return sendError(400, error.message);
      throw error;
    }
    const received = receivedRequest(protocol, { path, request, body, wire, receivedAt });
    requests.push(received);
    let turn: ScriptedTurn;
    try {
      turn = await player.next(received);
    } catch (error) {
      return sendError(500, error instanceof Error ? error.message : String(error));
    }
    if (turn.error !== undefined) return sendError(turn.error.status, turn.error.message);
    if (response.destroyed) return;
    const prepared = prepareTurn(turn, received, options.timing ?? {});
    let frames: AnswerFrame[];
    if (wire.isStreaming) {
      response.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        [protocol.requestIdHeader]: requestId,
      });
      frames = protocol.streamFrames(prepared, wire);
    } else {
      response.writeHead(200, { "content-type": "application/json", [protocol.requestIdHeader]: requestId });
      frames = [
        { text: JSON.stringify(protocol.completeBody(prepared, wire)), tokens: prepared.outputTokens },
      ];
    }
    const stopWriting = writePaced(response, frames, prepared);
    stopWriters.add(stopWriting);
    response.once("close", () => {
      stopWriting();
      stopWriters.delete(stopWriting);
    });
  };

  const server = createServer((request, response) => {
    // A client that goes away mid-answer makes writes fail; that is its business, not the server's.
    response.on("error", () => {});
    answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(`model server: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const stopWriting of stopWriters) stopWriting();
        stopWriters.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function receivedRequest(
  protocol: Protocol,
  {
    path,
    request,
    body,
    wire,
    receivedAt,
  }: {
    path: string;
    request: IncomingMessage;
    body: unknown;
    wire: WireRequest;
    receivedAt: number;
  },
): ReceivedRequest {
  return {
    provider: protocol.provider,
    path,
    headers: request.headers,
    body,
    isStreaming: wire.isStreaming,
    receivedAt,
    model: wire.model,
    ...(wire.system === undefined ? {} : { system: wire.system }),
    messages: wire.messages,
    toolNames: wire.toolNames,
    stop: wire.stop,
    parallelToolCalls: wire.parallelToolCalls,
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
