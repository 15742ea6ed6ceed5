import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

/** Serves one MCP server over stdin/stdout; resolves when the client closes the connection or `signal` aborts. */
export async function serveStdio(server: Server, signal: AbortSignal): Promise<void> {
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once("end", () => resolve());
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => {});
}

/** A Streamable HTTP endpoint on loopback; `port` is the one chosen (useful when 0 was asked). */
export interface HttpEndpoint {
  port: number;
  url: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/**
 * Serves MCP over Streamable HTTP on 127.0.0.1, stateless: every POST gets its own server and transport (made by
 * `createServer`), while the tools and their executor stay shared.
 */
export async function serveHttp(createMcpServer: () => Server, port: number): Promise<HttpEndpoint> {
  const httpServer: HttpServer = createServer((request, response) => {
    if (request.method !== "POST") {
      response.writeHead(405, { allow: "POST", "content-type": "application/json" });
      response.end(
        JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed." }, id: null }),
      );
      return;
    }
    const server = createMcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on("close", () => {
      void transport.close().catch(() => {});
      void server.close().catch(() => {});
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(request, response))
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
        response.end(error instanceof Error ? error.message : String(error));
      });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, "127.0.0.1", () => resolve());
  });
  const chosen = (httpServer.address() as AddressInfo).port;
  return {
    port: chosen,
    url: `http://127.0.0.1:${chosen}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      }),
  };
}
