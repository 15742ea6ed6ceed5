import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type * as types from "@modelcontextprotocol/sdk/types.js";
import { importSdk } from "../sdk-model-error.js";

/** What weft's MCP client uses of `@modelcontextprotocol/sdk`. */
export interface McpClientSdk {
  Client: typeof Client;
  StdioClientTransport: typeof StdioClientTransport;
  StreamableHTTPClientTransport: typeof StreamableHTTPClientTransport;
  McpError: typeof types.McpError;
  ErrorCode: typeof types.ErrorCode;
  ToolListChangedNotificationSchema: typeof types.ToolListChangedNotificationSchema;
}

/** The message of the MCP_SDK_MISSING error, for the client (weft/mcp, `mcpServers` configs) and `weft mcp serve`. */
export const mcpSdkMissingMessage =
  "MCP servers need the @modelcontextprotocol/sdk package (an optional peer dependency of weft): npm install @modelcontextprotocol/sdk";

let loading: Promise<McpClientSdk> | undefined;

/**
 * Imports the MCP SDK's client parts the first time a server is connected. The SDK is an optional peer dependency,
 * and a heavy one (an HTTP server framework, JSON Schema tooling): a program that never connects to an MCP server
 * neither installs nor loads it. When it is missing, the WeftError (code MCP_SDK_MISSING) says how to install it.
 */
export function loadMcpClientSdk(): Promise<McpClientSdk> {
  loading ??= importSdk(importClientSdk, mcpSdkMissingMessage, "MCP_SDK_MISSING").catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function importClientSdk(): Promise<McpClientSdk> {
  const [client, stdio, http, sdkTypes] = await Promise.all([
    import("@modelcontextprotocol/sdk/client/index.js"),
    import("@modelcontextprotocol/sdk/client/stdio.js"),
    import("@modelcontextprotocol/sdk/client/streamableHttp.js"),
    import("@modelcontextprotocol/sdk/types.js"),
  ]);
  return {
    Client: client.Client,
    StdioClientTransport: stdio.StdioClientTransport,
    StreamableHTTPClientTransport: http.StreamableHTTPClientTransport,
    McpError: sdkTypes.McpError,
    ErrorCode: sdkTypes.ErrorCode,
    ToolListChangedNotificationSchema: sdkTypes.ToolListChangedNotificationSchema,
  };
}
