import { randomUUID } from "node:crypto";
import {
  createServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import {
  checkListenAddress,
  checkOrigins,
  checkToken,
  createRequestGuard,
  createToken,
  listen,
  type RequestGuard,
} from "../http-guard/index.js";

/** Where and how serveHttp listens. */
export interface ServeHttpOptions {
  /** The port; 0 picks a free one. @default 0 */
  port?: number;
  /**
   * The address to listen on. Anything but loopback lets other machines reach the server (the token still guards it,
   * but travels in clear over plain HTTP).
   * @default "127.0.0.1"
   */
  host?: string;
  /**
   * The secret every request must carry as `Authorization: Bearer <token>`, 16 characters or more.
   * @default a fresh random one (createToken)
   */
  token?: string;
  /**
   * Origins whose web pages may call the server (`http://localhost:3000`). Requests with no `Origin` (clients that
   * are not browsers) are always accepted; any other origin is refused with 403.
   * @default []
   */
  allowedOrigins?: readonly string[];
}

/** A Streamable HTTP endpoint; `port` is the one chosen (useful when 0 was asked). */
export interface HttpEndpoint {
  port: number;
  /** The address listened on, as asked (`127.0.0.1` by default). */
  host: string;
  /** `http://<host>:<port>/mcp`. */
  url: string;
  /** The bearer token every request needs. */
  token: string;
  /** Tells every client with a session that the tool list changed (`notifications/tools/list_changed`). */
  notifyToolListChanged(): void;
  /** Ends every session, stops listening and ends open connections. */
  close(): Promise<void>;
}

interface Session {
  server: Server;
  transport: StreamableHTTPServerTransport;
}

/** The largest request body read: a plan of many calls fits, a runaway upload does not. */
const maxBodyBytes = 16 * 1024 * 1024;

/**
 * Serves MCP over Streamable HTTP, on 127.0.0.1 unless `host` says otherwise. Every request must carry the token
 * (else 401), a `Host` that is the bound address or `localhost` with the port, and no `Origin` or an allowed one
 * (else 403); a refused request reaches no tool. A client's `initialize` opens a session (its id in the
 * `mcp-session-id` header) with a server of its own, made by `createMcpServer`, while the tools and their executor
 * stay shared; the session's GET stream carries what the server tells the client unasked, such as a changed tool
 * list, and a DELETE ends it.
 *
 * @example
 * const endpoint = await serveHttp(() => createWeftMcpServer(executor, { name: "weft", version: "1.0.0" }), {
 *   port: 3333,
 *   allowedOrigins: ["http://localhost:5173"],
 * });
 * console.error(`${endpoint.url} (Authorization: Bearer ${endpoint.token})`);
 */
export async function serveHttp(
  createMcpServer: () => Server,
  options: ServeHttpOptions = {},
): Promise<HttpEndpoint> {
  if (typeof createMcpServer !== "function") {
    throw new TypeError(`serveHttp: createMcpServer must be a function, got ${typeof createMcpServer}`);
  }
  const { port, host, token, allowedOrigins } = checkServeHttpOptions(options);
  const sessions = new Map<string, Session>();
  let guard: RequestGuard | undefined;
  const httpServer: HttpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        reply(response, 500, -32603, error instanceof Error ? error.message : String(error));
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Checked before the body is read: a refused request runs nothing and costs little.
    const refusal = guard?.(request, new URL(request.url ?? "/", "http://mcp.invalid"));
    if (guard === undefined || refusal !== undefined) {
      request.resume();
      if (refusal?.reason === "token") {
        response.setHeader("www-authenticate", 'Bearer realm="weft"');
        reply(response, 401, -32001, refusal.message);
      } else {
        reply(response, 403, -32001, refusal?.message ?? "Forbidden: the server is starting.");
      }
      return;
    }
    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (session === undefined) {
        reply(response, 404, -32001, "Session not found: initialize a new one.");
        return;
      }
      await session.transport.handleRequest(request, response, await readBody(request));
      return;
    }
    if (request.method !== "POST") {
      reply(response, 400, -32000, "Bad request: no mcp-session-id; POST an initialize request first.");
      return;
    }
    const body = await readBody(request);
    if (!isInitializeRequest(body)) {
      reply(response, 400, -32000, "Bad request: no mcp-session-id; the first request must be initialize.");
      return;
    }
    const server = createMcpServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { server, transport });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
      void server.close().catch(() => {});
    };
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
  }

  const listening = await listen(httpServer, { port, host });
  guard = createRequestGuard({ token, allowedHosts: listening.allowedHosts, allowedOrigins });
  return {
    port: listening.port,
    host,
    url: `${listening.origin}/mcp`,
    token,
    notifyToolListChanged() {
      for (const { server } of sessions.values()) void server.sendToolListChanged().catch(() => {});
    },
    async close() {
      await Promise.allSettled([...sessions.values()].map(({ transport }) => transport.close()));
      sessions.clear();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}

function checkServeHttpOptions(options: ServeHttpOptions): Required<ServeHttpOptions> {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `serveHttp: options must be an object such as { port: 3333 }, got ${options === null ? "null" : typeof options}`,
    );
  }
  const { port, host } = checkListenAddress("serveHttp", options.port, options.host);
  return {
    port,
    host,
    token:
      options.token === undefined ? createToken() : checkToken(options.token, "serveHttp: options.token"),
    allowedOrigins: checkOrigins(options.allowedOrigins, "serveHttp: options.allowedOrigins"),
  };
}

/** The request's JSON body, or undefined when it has none (GET, DELETE). */
async function readBody(request: IncomingMessage): Promise<unknown> {
  if (request.method !== "POST") return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error(`the request body is larger than ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // The transport answers a body that is not JSON with its own parse error.
    return text;
  }
}

function reply(response: ServerResponse, status: number, code: number, message: string): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}
