import { randomUUID } from "node:crypto";
import {
  createServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";

/** A Streamable HTTP endpoint on loopback; `port` is the one chosen (useful when 0 was asked). */
export interface HttpEndpoint {
  port: number;
  url: string;
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
 * Serves MCP over Streamable HTTP on 127.0.0.1. A client's `initialize` opens a session (its id in the
 * `mcp-session-id` header) with a server of its own, made by `createServer`, while the tools and their executor stay
 * shared; the session's GET stream carries what the server tells the client unasked, such as a changed tool list, and
 * a DELETE ends it.
 */
export async function serveHttp(createMcpServer: () => Server, port: number): Promise<HttpEndpoint> {
  const sessions = new Map<string, Session>();
  const httpServer: HttpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        reply(response, 500, -32603, error instanceof Error ? error.message : String(error));
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
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

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, "127.0.0.1", () => resolve());
  });
  const chosen = (httpServer.address() as AddressInfo).port;
  return {
    port: chosen,
    url: `http://127.0.0.1:${chosen}/mcp`,
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
