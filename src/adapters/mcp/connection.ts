import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, Tool as McpToolDescriptor } from "@modelcontextprotocol/sdk/types.js";
import { McpConnectionError } from "../../errors/mcp-connection-error.js";
import { McpResultError } from "../../errors/mcp-result-error.js";
import { loadMcpClientSdk, type McpClientSdk } from "./client-sdk.js";
import { RestartBackoff } from "./restart-backoff.js";
import { describeIssues, schemaIssuesOf } from "./result-problems.js";
import type { McpServer } from "./server.js";
import { createTransport, type OpenedTransport } from "./transport.js";

/** The SDK's own request timeout is switched off: weft's `timeoutMs` bounds a call, and aborts its signal. */
const noSdkTimeout = 2_147_483_647;

interface Live {
  sdk: McpClientSdk;
  client: Client;
  opened: OpenedTransport;
}

/**
 * One client connection to one server, shared by every call (JSON-RPC multiplexes requests, so calls run
 * concurrently over it). When the connection closes (the server exited), the calls in flight fail and the next call
 * opens a new one; a server that then fails to start is started again only after a growing delay (RestartBackoff).
 */
export class McpConnection {
  readonly #server: McpServer;
  readonly #onToolListChanged: () => void;
  readonly #connectTimeoutMs: number;
  #live: Live | undefined;
  #connecting: Promise<Live> | undefined;
  #isClosed = false;
  readonly #backoff: RestartBackoff;

  constructor(server: McpServer, options: { connectTimeoutMs: number; onToolListChanged: () => void }) {
    this.#server = server;
    this.#onToolListChanged = options.onToolListChanged;
    this.#connectTimeoutMs = options.connectTimeoutMs;
    this.#backoff = new RestartBackoff(server.name);
  }

  /** The stdio server's process id while connected. */
  get pid(): number | undefined {
    return this.#live?.opened.pid();
  }

  async listTools(): Promise<McpToolDescriptor[]> {
    const { client } = await this.#connection();
    const tools: McpToolDescriptor[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? undefined : { cursor }, {
        timeout: this.#connectTimeoutMs,
      });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return tools;
  }

  async callTool(
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
    onProgress: (progress: unknown) => void,
  ): Promise<CallToolResult> {
    const live = await this.#connection();
    try {
      const result = await live.client.callTool({ name, arguments: args }, undefined, {
        signal,
        onprogress: onProgress,
        timeout: noSdkTimeout,
      });
      return result as CallToolResult;
    } catch (error) {
      if (signal.aborted) throw signal.reason ?? error;
      if (error instanceof live.sdk.McpError && error.code === live.sdk.ErrorCode.ConnectionClosed) {
        await settle();
        throw new McpConnectionError({
          serverName: this.#server.name,
          phase: this.#isClosed ? "closed" : "call",
          detail: `tool "${name}" got no answer (${error.message}); the next call reconnects`,
          stderr: live.opened.stderr.text,
          cause: error,
        });
      }
      const issues = schemaIssuesOf(error);
      if (issues !== undefined) {
        throw new McpResultError({
          toolName: `${this.#server.name}.${name}`,
          serverName: this.#server.name,
          problems: describeIssues(issues),
          cause: error,
        });
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#isClosed = true;
    const live = this.#live ?? (await this.#connecting?.catch(() => undefined));
    this.#live = undefined;
    if (live === undefined) return;
    // An HTTP server keeps a session until told it is over.
    await live.opened.endSession().catch(() => {});
    await live.client.close();
  }

  #connection(): Promise<Live> {
    if (this.#isClosed) {
      return Promise.reject(
        new McpConnectionError({
          serverName: this.#server.name,
          phase: "closed",
          detail: "its tool set was closed",
        }),
      );
    }
    if (this.#live !== undefined) return Promise.resolve(this.#live);
    const refusal = this.#connecting === undefined ? this.#backoff.refusal() : undefined;
    if (refusal !== undefined) return Promise.reject(refusal);
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<Live> {
    // A missing SDK is the program's set-up, not this server's failure: its error passes through, with no backoff.
    const sdk = await loadMcpClientSdk();
    const opened = createTransport(sdk, this.#server);
    const client = new sdk.Client({ name: "weft", version: "0.1.0" });
    client.setNotificationHandler(sdk.ToolListChangedNotificationSchema, () => this.#onToolListChanged());
    try {
      await client.connect(opened.transport, { timeout: this.#connectTimeoutMs });
    } catch (error) {
      await client.close().catch(() => undefined);
      await settle();
      const failure = new McpConnectionError({
        serverName: this.#server.name,
        phase: "start",
        detail: error instanceof Error ? error.message : String(error),
        stderr: opened.stderr.text,
        cause: error,
      });
      this.#backoff.failed(failure);
      throw failure;
    }
    this.#backoff.started();
    const live: Live = { sdk, client, opened };
    client.onclose = () => {
      if (this.#live === live) this.#live = undefined;
    };
    // Over HTTP, a response stream that breaks (the server went away) would leave its calls waiting forever: closing
    // the connection fails them at once, and the next call connects again.
    client.onerror = (error) => {
      if (isStreamLost(error)) void client.close().catch(() => {});
    };
    if (this.#isClosed) {
      await client.close();
      throw new McpConnectionError({
        serverName: this.#server.name,
        phase: "closed",
        detail: "its tool set was closed",
      });
    }
    this.#live = live;
    return live;
  }
}

/** The errors the Streamable HTTP client transport reports when a response stream broke and will not resume. */
function isStreamLost(error: Error): boolean {
  return /^(SSE stream disconnected|Maximum reconnection attempts|Failed to reconnect)/.test(error.message);
}

/** Lets the last stderr chunks of an exited process be read before an error quotes them. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
