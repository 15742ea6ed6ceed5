import type { McpToolSet } from "../adapters/mcp/mcp-tools.js";
import type { McpServer } from "../adapters/mcp/server.js";
import { loadConfig } from "../config/load-config.js";
import type { Tool } from "../tool/types.js";
import type { ConfigOption } from "./config-option.js";
import type { ToolGroup } from "./tool-sources.js";

/** The configured MCP servers, started, with their tools; close them when the command ends. */
export interface OpenedServers {
  toolSets: readonly McpToolSet[];
  /** Each server's tools (named `<server>.<tool>`), as one group per server, source `mcp:<server>`. */
  groups: ToolGroup[];
  /**
   * Calls `listener` with a server's new tool list each time it announces a change (`notifications/tools/list_changed`)
   * and has been listed again.
   */
  onToolsChanged(listener: (tools: readonly Tool[]) => void): void;
  /** Closes every connection (stdio servers' processes end). Never rejects. */
  close(): Promise<void>;
}

const noServers: OpenedServers = {
  toolSets: [],
  groups: [],
  onToolsChanged: () => {},
  close: () => Promise.resolve(),
};

/**
 * Reads the config (unless `--no-config`) and starts its MCP servers in parallel. When one fails to start, the
 * others are closed before its McpConnectionError is thrown, so that no server process outlives the command.
 */
export async function openConfiguredServers(options: ConfigOption, cwd: string): Promise<OpenedServers> {
  if (options.config === false) return noServers;
  const config = await loadConfig(options.config, cwd);
  if (config === undefined || config.mcpServers.length === 0) return noServers;
  return openServers(config.mcpServers, cwd);
}

async function openServers(servers: readonly McpServer[], cwd: string): Promise<OpenedServers> {
  // The MCP client is loaded only when the config names servers: most runs have none.
  const { mcpTools } = await import("../adapters/mcp/mcp-tools.js");
  const warn = (message: string): void => {
    process.stderr.write(`warning: ${message}\n`);
  };
  const listeners: ((tools: readonly Tool[]) => void)[] = [];
  const settled = await Promise.allSettled(
    servers.map((server) =>
      mcpTools("command" in server && server.cwd === undefined ? { ...server, cwd } : server, {
        onWarning: warn,
        onToolsChanged: (tools) => {
          for (const listener of listeners) listener(tools as readonly Tool[]);
        },
      }),
    ),
  );
  const toolSets = settled.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
  const close = async (): Promise<void> => {
    await Promise.allSettled(toolSets.map((toolSet) => toolSet.close()));
  };
  const failure = settled.find((outcome) => outcome.status === "rejected");
  if (failure !== undefined) {
    await close();
    throw failure.reason;
  }
  const groups = toolSets.map((toolSet) => ({
    source: `mcp:${toolSet.serverName}`,
    tools: toolSet.tools as readonly Tool[],
  }));
  return { toolSets, groups, onToolsChanged: (listener) => listeners.push(listener), close };
}
