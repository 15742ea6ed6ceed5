import { describeType } from "../../tool/schema.js";
import { McpConnectionPool } from "./connection-pool.js";
import { type McpToolSettings, type McpWeftTool, toWeftTool } from "./mcp-tool.js";
import { checkServer, type McpServer } from "./server.js";

/** Options of `mcpTools`: time limits and what to do when the server's tools change. */
export interface McpToolsOptions {
  /**
   * The `timeoutMs` of every tool of the server: past it the call's signal is aborted, the SDK sends
   * `notifications/cancelled`, and the call fails with ToolTimeoutError. A run's `policies` can override it per tool.
   * @default 60_000
   */
  timeoutMs?: number;
  /**
   * How long starting the server (the MCP handshake) and listing its tools may take.
   * @default 30_000
   */
  connectTimeoutMs?: number;
  /**
   * Receives what is worth knowing but does not stop the server's other tools from working: a tool left out because
   * its input schema cannot be compiled, a re-listing that failed.
   * @default process.emitWarning
   */
  onWarning?: (message: string) => void;
  /**
   * Called with the new list after the server announced `notifications/tools/list_changed` and was listed again.
   * Register the new tools on your executor from here (`executor.register(tool)`).
   */
  onToolsChanged?: (tools: readonly McpWeftTool[]) => void;
}

/** The tools of one MCP server, kept up to date, and the connection they share. */
export class McpToolSet {
  readonly serverName: string;
  readonly #connection: McpConnectionPool;
  readonly #settings: McpToolSettings;
  readonly #onToolsChanged: ((tools: readonly McpWeftTool[]) => void) | undefined;
  #tools: readonly McpWeftTool[] = [];

  /** Use `mcpTools()`, which connects and lists the tools before handing the set over. */
  constructor(server: McpServer, options: McpToolsOptions = {}) {
    checkServer(server);
    const timeoutMs = checkPositive("timeoutMs", options.timeoutMs, 60_000);
    const connectTimeoutMs = checkPositive("connectTimeoutMs", options.connectTimeoutMs, 30_000);
    this.serverName = server.name;
    this.#settings = {
      serverName: server.name,
      timeoutMs,
      onWarning: options.onWarning ?? ((message) => process.emitWarning(message, { code: "WEFT_MCP" })),
    };
    this.#onToolsChanged = options.onToolsChanged;
    this.#connection = new McpConnectionPool(server, {
      connectTimeoutMs,
      onToolListChanged: () => {
        this.refresh().then(
          (tools) => this.#onToolsChanged?.(tools),
          (error: unknown) =>
            this.#settings.onWarning(
              `weft/mcp: re-listing the tools of "${this.serverName}" failed: ${(error as Error).message}`,
            ),
        );
      },
    });
  }

  /** The server's tools as weft tools, named `<server>.<tool>`, as last listed. */
  get tools(): readonly McpWeftTool[] {
    return this.#tools;
  }

  /** The stdio server's process id while connected; undefined for HTTP servers or when not connected. */
  get serverPid(): number | undefined {
    return this.#connection.pid;
  }

  /** The process ids of every connected stdio server process (more than one with `connections` above 1). */
  get serverPids(): readonly number[] {
    return this.#connection.pids;
  }

  /** Lists the server's tools again (connecting when needed) and returns the new list. */
  async refresh(): Promise<readonly McpWeftTool[]> {
    const descriptors = await this.#connection.listTools();
    const tools: McpWeftTool[] = [];
    for (const descriptor of descriptors) {
      const tool = toWeftTool(descriptor, this.#connection, this.#settings);
      if (tool !== undefined) tools.push(tool);
    }
    this.#tools = Object.freeze(tools);
    return this.#tools;
  }

  /** Closes the connection (a stdio server's process ends); later calls fail with McpConnectionError. */
  close(): Promise<void> {
    return this.#connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * Connects to an MCP server over stdio (`command`) or Streamable HTTP (`url`), lists its tools and wraps each as a
 * weft tool named `<server>.<tool>`: its JSON Schema checks the arguments, its annotations give the lock and
 * idempotence defaults (read-only → read lock on `tool-group:<server>`, destructive → write lock on it, idempotent →
 * `idempotent`), progress notifications become `call-progress` events, and cancelling a call sends
 * `notifications/cancelled`. All calls share one connection and run concurrently over it (or, for a server that handles
 * one request at a time, a pool of up to `server.connections`).
 *
 * A call's output is the MCP `CallToolResult` (its `content` blocks: text, images, resources…). A result with
 * `isError: true` fails the call with McpToolError, whose message is the server's text and whose `content` keeps the
 * blocks. A server that cannot start rejects with McpConnectionError quoting its stderr; one that exits mid-call
 * fails the calls in flight with McpConnectionError, and the next call starts it again.
 *
 * @example
 * const filesystem = await mcpTools({ name: "filesystem", command: "mcp-server-filesystem", args: ["/tmp/work"] });
 * const executor = new Executor({ tools: filesystem.tools });
 * await executor.run({ calls: [{ id: "ls", tool: "filesystem.list_directory", args: { path: "/tmp/work" } }] }).result();
 * await filesystem.close();
 */
export async function mcpTools(server: McpServer, options: McpToolsOptions = {}): Promise<McpToolSet> {
  const toolSet = new McpToolSet(server, options);
  try {
    await toolSet.refresh();
  } catch (error) {
    await toolSet.close().catch(() => undefined);
    throw error;
  }
  return toolSet;
}

function checkPositive(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) {
    throw new RangeError(
      `mcpTools: expected \`${option}\` to be a positive number, got ${describeType(value)}`,
    );
  }
  return value;
}
