import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { McpClientSdk } from "./client-sdk.js";
import { isStdioServer, type McpServer } from "./server.js";
import { StderrTail } from "./stderr-tail.js";

export interface OpenedTransport {
  transport: Transport;
  stderr: StderrTail;
  /** The stdio server's process id, once started. */
  pid(): number | undefined;
  /** Ends the HTTP session (a DELETE to the server); nothing over stdio. */
  endSession(): Promise<void>;
}

/** A fresh transport for one connection; a stdio server's stderr is captured instead of inherited. */
export function createTransport(sdk: McpClientSdk, server: McpServer): OpenedTransport {
  const stderr = new StderrTail();
  if (isStdioServer(server)) {
    const transport = new sdk.StdioClientTransport({
      command: server.command,
      args: server.args === undefined ? undefined : [...server.args],
      env: server.env,
      cwd: server.cwd,
      stderr: "pipe",
    });
    stderr.follow(transport.stderr);
    return { transport, stderr, pid: () => transport.pid ?? undefined, endSession: () => Promise.resolve() };
  }
  const url = typeof server.url === "string" ? new URL(server.url) : server.url;
  const transport = new sdk.StreamableHTTPClientTransport(url, {
    requestInit: server.headers === undefined ? undefined : { headers: server.headers },
  });
  return {
    transport,
    stderr,
    pid: () => undefined,
    endSession: () => (transport.sessionId === undefined ? Promise.resolve() : transport.terminateSession()),
  };
}
