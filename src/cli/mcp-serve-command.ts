import type { Executor } from "../executor/executor.js";
import { createWeftMcpServer, serveHttp, serveStdio } from "../mcp-server/index.js";
import type { Tool } from "../tool/types.js";
import { ExitCode } from "./exit-codes.js";
import { reportCliError } from "./report-error.js";
import { defaultColors } from "./reporter.js";
import type { CliIo } from "./run-command.js";
import { openServingExecutor, type ServingExecutor, type ServingOptions } from "./serving-executor.js";

/** The options of `weft mcp serve`. */
export interface McpServeCommandOptions extends ServingOptions {
  /** `--http <port>`: serve Streamable HTTP on 127.0.0.1 (0 picks a free port) instead of stdio. */
  http?: number;
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
  let serving: ServingExecutor;
  try {
    serving = await openServingExecutor(options, io);
  } catch (error) {
    const report = reportCliError(error, errorColors);
    io.stderr.write(report.text);
    return report.exitCode;
  }
  const { executor, servers } = serving;
  const info = { name: "weft", version };
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // Every client hears of the tools a configured server adds: the stdio one, and each HTTP session.
  let notifyToolListChanged = (): void => {};
  servers.onToolsChanged((tools) => {
    if (registerNewTools(executor, tools) > 0) notifyToolListChanged();
  });
  try {
    if (options.http === undefined) {
      const stdioServer = createWeftMcpServer(executor, info);
      notifyToolListChanged = () => void stdioServer.sendToolListChanged().catch(() => {});
      await serveStdio(stdioServer, stop.signal);
    } else {
      const endpoint = await serveHttp(() => createWeftMcpServer(executor, info), options.http);
      notifyToolListChanged = () => endpoint.notifyToolListChanged();
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
    await serving.close();
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
