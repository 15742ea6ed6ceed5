import { describeType } from "../../tool/schema.js";

interface McpServerCommon {
  /** The namespace of its tools (`<name>.<tool>`): letters, digits, `_` and `-`, no dot. */
  name: string;
  /**
   * How many connections weft may open to the server. One connection carries any number of calls at once, which is
   * all a server needs that handles requests concurrently; one that handles a request at a time gets more (each a
   * process of its own over stdio), opened as calls pile up, and each call goes over the least busy.
   * @default 1
   */
  connections?: number;
}

/** An MCP server started as a child process and spoken to over stdio. */
export interface McpStdioServer extends McpServerCommon {
  command: string;
  args?: readonly string[];
  /** Added to a minimal default environment (PATH, HOME…), as the MCP SDK does. */
  env?: Record<string, string>;
  cwd?: string;
}

/** An MCP server reached over Streamable HTTP. */
export interface McpHttpServer extends McpServerCommon {
  url: string | URL;
  headers?: Record<string, string>;
}

/** An MCP server to connect to: a process started over stdio, or a Streamable HTTP endpoint. */
export type McpServer = McpStdioServer | McpHttpServer;

export function isStdioServer(server: McpServer): server is McpStdioServer {
  return "command" in server;
}

const namePattern = /^[A-Za-z0-9_-]+$/;

/** Checks a server description up front, naming the field and the value received. */
export function checkServer(server: unknown): McpServer {
  if (typeof server !== "object" || server === null || Array.isArray(server)) {
    throw new TypeError(`mcpTools: expected \`server\` to be an object, got ${describeType(server)}`);
  }
  const fields = server as Record<string, unknown>;
  if (typeof fields.name !== "string" || !namePattern.test(fields.name)) {
    throw new TypeError(
      `mcpTools: expected \`server.name\` to be a non-empty string of letters, digits, "_" or "-" (it prefixes the tool names), got ${typeof fields.name === "string" ? JSON.stringify(fields.name) : describeType(fields.name)}`,
    );
  }
  const hasCommand = fields.command !== undefined;
  const hasUrl = fields.url !== undefined;
  if (hasCommand === hasUrl) {
    throw new TypeError(
      `mcpTools: server "${fields.name}" needs exactly one of \`command\` (stdio) or \`url\` (HTTP)`,
    );
  }
  if (hasCommand && (typeof fields.command !== "string" || fields.command === "")) {
    throw new TypeError(
      `mcpTools: expected \`server.command\` to be a non-empty string, got ${describeType(fields.command)}`,
    );
  }
  if (
    fields.args !== undefined &&
    !(Array.isArray(fields.args) && fields.args.every((arg) => typeof arg === "string"))
  ) {
    throw new TypeError(
      `mcpTools: expected \`server.args\` to be an array of strings, got ${describeType(fields.args)}`,
    );
  }
  if (hasUrl && !(typeof fields.url === "string" || fields.url instanceof URL)) {
    throw new TypeError(
      `mcpTools: expected \`server.url\` to be a string or URL, got ${describeType(fields.url)}`,
    );
  }
  if (
    fields.connections !== undefined &&
    !(Number.isInteger(fields.connections) && (fields.connections as number) >= 1)
  ) {
    throw new RangeError(
      `mcpTools: expected \`server.connections\` of "${fields.name}" to be an integer ≥ 1, got ${describeType(fields.connections)}`,
    );
  }
  return server as McpServer;
}
