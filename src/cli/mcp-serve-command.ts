import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { builtinTools } from "../builtin/index.js";
import type { Executor } from "../executor/executor.js";
import { createWeftMcpServer, serveHttp, serveStdio } from "../mcp-server/index.js";
import type { Tool } from "../tool/types.js";
import { ExitCode } from "./exit-codes.js";
import { type ConfigOption, type OpenedServers, openConfiguredServers } from "./mcp-servers.js";
import { createExecutor } from "./prepare-run.js";
import { reportCliError } from "./report-error.js";
import { defaultColors } from "./reporter.js";
import type { CliIo } from "./run-command.js";
import { defaultConcurrency } from "./run-options.js";
import { loadToolGroups, mergeToolGroups } from "./tool-sources.js";
import { UsageError } from "./usage-error.js";

/** The options of `weft mcp serve`. */
export interface McpServeCommandOptions extends ConfigOption {
  /** `--http <port>`: serve Streamable HTTP on 127.0.0.1 (0 picks a free port) instead of stdio. */
  http?: number;
  /** `--tools <module>`, repeatable. */
  tools?: string[];
  /** `--root <dir>`: where the built-in fs and shell tools are confined. */
  root?: string;
  /** `--concurrency <n>`: the most calls running at once, across every client. */
  concurrency?: number;
  /** `--pools cpu=2,memory_mb=4096`: named capacities for tools that declare `uses`. */
  pools?: Record<string, number>;
}

/** Parses `--http <port>`: an integer from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new UsageError({
      option: "--http",
      message: `--http expects a port from 0 to 65535, got "${value}"`,
    });
  }
  return port;
}

/**
 * `weft mcp serve`: serves every tool a run would have (built-ins, `--tools` modules, the config's MCP servers) plus
 * `run_plan` over stdio or Streamable HTTP, until stdin closes (stdio) or SIGINT/SIGTERM. Exit codes: 0 served and
 * stopped, 2 the tools, the config or a server could not be loaded.
 */
export async function mcpServeCommand(
  options: McpServeCommandOptions,
  io: CliIo,
  version: string,
): Promise<ExitCode> {
  const errorColors = io.errorColors ?? defaultColors;
  let servers: OpenedServers | undefined;
  let executor: Executor;
  try {
    const root = resolve(io.cwd, options.root ?? ".");
    if (!(await stat(root).catch(() => undefined))?.isDirectory()) {
      throw new UsageError({ option: "--root", message: `--root ${root}: no such directory` });
    }
    const groups = await loadToolGroups(builtinTools({ root }), options.tools ?? [], io.cwd);
    servers = await openConfiguredServers(options, io.cwd);
    executor = createExecutor({
      tools: mergeToolGroups([...groups, ...servers.groups]).map((sourced) => sourced.tool),
      concurrency: options.concurrency ?? defaultConcurrency,
      ...(options.pools === undefined ? {} : { pools: options.pools }),
    });
  } catch (error) {
    await servers?.close();
    const report = reportCliError(error, errorColors);
    io.stderr.write(report.text);
    return report.exitCode;
  }
  const info = { name: "weft", version };
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // Over stdio the one client hears of tools a configured server adds; over HTTP each request lists them afresh.
  let stdioServer: ReturnType<typeof createWeftMcpServer> | undefined;
  servers.onToolsChanged((tools) => {
    if (registerNewTools(executor, tools) > 0) void stdioServer?.sendToolListChanged().catch(() => {});
  });
  try {
    if (options.http === undefined) {
      stdioServer = createWeftMcpServer(executor, info);
      await serveStdio(stdioServer, stop.signal);
    } else {
      const endpoint = await serveHttp(() => createWeftMcpServer(executor, info), options.http);
      io.stderr.write(`weft MCP server listening on ${endpoint.url}\n`);
      await new Promise<void>((resolveStop) => stop.signal.addEventListener("abort", () => resolveStop()));
      await endpoint.close();
    }
  } catch (error) {
    const report = reportCliError(error, errorColors);
    io.stderr.write(report.text);
    return report.exitCode;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await executor.close().catch(() => {});
    await servers.close();
  }
  return ExitCode.success;
}

/** Registers the tools whose names the executor does not know yet; returns how many. */
function registerNewTools(executor: Executor, tools: readonly Tool[]): number {
  const known = new Set(executor.tools.map((tool) => tool.name));
  let added = 0;
  for (const tool of tools) {
    if (known.has(tool.name)) continue;
    executor.register(tool);
    added++;
  }
  return added;
}
