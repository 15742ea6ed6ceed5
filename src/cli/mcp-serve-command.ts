import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { Executor } from "../executor/executor.js";
import { checkOrigins, checkToken } from "../http-guard/index.js";
import { createWeftMcpServer, type HttpEndpoint, serveHttp, serveStdio } from "../mcp-server/index.js";
import type { Tool } from "../tool/types.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode } from "./exit-codes.js";
import { beyondLoopbackWarning, checkHostOption, listenError } from "./listen-host.js";
import { reportCliError } from "./report-error.js";
import { defaultColors } from "./reporter.js";
import { openServingExecutor, type ServingExecutor, type ServingOptions } from "./serving-executor.js";
import type { ToolFilter } from "./tool-selection.js";
import { UsageError } from "./usage-error.js";

/** The options of `weft mcp serve`. */
export interface McpServeCommandOptions extends ServingOptions {
  /** `--http <port>`: serve Streamable HTTP (0 picks a free port) instead of stdio. */
  http?: number;
  /** `--host <address>`: the address `--http` listens on. @default "127.0.0.1" */
  host?: string;
  /** `--token <token>`: the bearer token of `--http` (else `WEFT_TOKEN`, else a random one). */
  token?: string;
  /** `--allow-origin <origin>`, repeatable: web origins whose pages may call `--http`. */
  allowOrigin?: string[];
}

/** The environment variable that fixes the token of `weft mcp serve --http`. */
export const tokenVariable = "WEFT_TOKEN";

/** What `--http` needs, checked before any tool loads. */
interface HttpSettings {
  port: number;
  host: string;
  token: string | undefined;
  tokenSource: string | undefined;
  allowedOrigins: string[];
}

/**
 * `weft mcp serve`: serves every tool a run would have (built-ins, `--tools` modules, the config's MCP servers) that
 * `--allow-tools`/`--deny-tools` select, plus `run_plan`, over stdio or Streamable HTTP, until stdin closes (stdio) or
 * SIGINT/SIGTERM. Over HTTP every request needs the token, and `shell.exec` is served only when `--allow-tools` names
 * it. Exit codes: 0 served and stopped, 2 the options, the tools, the config or a server could not be had.
 */
export async function mcpServeCommand(
  options: McpServeCommandOptions,
  io: CliIo,
  version: string,
): Promise<ExitCode> {
  const errorColors = io.errorColors ?? defaultColors;
  let serving: ServingExecutor;
  let http: HttpSettings | undefined;
  try {
    http = checkHttpOptions(options);
    serving = await openServingExecutor(options, io, { isOverHttp: http !== undefined });
  } catch (error) {
    const report = reportCliError(error, errorColors);
    io.stderr.write(report.text);
    return report.exitCode;
  }
  const { executor, servers, filter } = serving;
  const info = { name: "weft", version };
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // Every client hears of the tools a configured server adds: the stdio one, and each HTTP session.
  let notifyToolListChanged = (): void => {};
  servers.onToolsChanged((tools) => {
    if (registerNewTools(executor, tools, filter) > 0) notifyToolListChanged();
  });
  try {
    if (http === undefined) {
      const stdioServer = createWeftMcpServer(executor, info);
      notifyToolListChanged = () => void stdioServer.sendToolListChanged().catch(() => {});
      await serveStdio(stdioServer, stop.signal);
    } else {
      const endpoint = await listen(http, () => createWeftMcpServer(executor, info));
      notifyToolListChanged = () => endpoint.notifyToolListChanged();
      io.stderr.write(`weft MCP server listening on ${endpoint.url}\n`);
      io.stderr.write(
        http.tokenSource === undefined
          ? `token: ${endpoint.token} (send Authorization: Bearer <token>; --token or ${tokenVariable} fixes one)\n`
          : `token: the one of ${http.tokenSource} (send Authorization: Bearer <token>)\n`,
      );
      const warning = beyondLoopbackWarning(http.host, "this server", errorColors);
      if (warning !== undefined) io.stderr.write(warning);
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

/**
 * Checks `--http`, `--host`, `--token` (or WEFT_TOKEN) and `--allow-origin`; undefined when serving stdio, where the
 * HTTP options make no sense.
 */
function checkHttpOptions(options: McpServeCommandOptions): HttpSettings | undefined {
  if (options.http === undefined) {
    const stray = [
      options.host === undefined ? undefined : "--host",
      options.token === undefined ? undefined : "--token",
      options.allowOrigin === undefined ? undefined : "--allow-origin",
    ].find((option) => option !== undefined);
    if (stray !== undefined) {
      throw new UsageError({ option: stray, message: `${stray} applies to --http only: add --http <port>` });
    }
    return undefined;
  }
  const fromEnvironment = process.env[tokenVariable];
  const tokenSource =
    options.token !== undefined
      ? "--token"
      : fromEnvironment !== undefined && fromEnvironment !== ""
        ? tokenVariable
        : undefined;
  const token = options.token ?? (tokenSource === undefined ? undefined : fromEnvironment);
  return {
    port: options.http,
    host: checkHostOption(options.host),
    token:
      token === undefined
        ? undefined
        : asUsage(tokenSource ?? "--token", () => checkToken(token, tokenSource ?? "--token")),
    tokenSource,
    allowedOrigins: asUsage("--allow-origin", () => checkOrigins(options.allowOrigin, "--allow-origin")),
  };
}

/** Runs a check whose TypeError, RangeError or InvalidOptionError is a mistake on the command line. */
function asUsage<T>(option: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError || InvalidOptionError.isInstance(error)) {
      throw new UsageError({ option, message: error.message, cause: error });
    }
    throw error;
  }
}

/** Serves HTTP; an address that cannot be had is a usage error (exit 2) naming --http or --host. */
async function listen(
  http: HttpSettings,
  createServer: Parameters<typeof serveHttp>[0],
): Promise<HttpEndpoint> {
  try {
    return await serveHttp(createServer, {
      port: http.port,
      host: http.host,
      allowedOrigins: http.allowedOrigins,
      ...(http.token === undefined ? {} : { token: http.token }),
    });
  } catch (error) {
    throw listenError(error, { host: http.host, port: http.port, portOption: "--http" });
  }
}

/** Registers the tools the filter allows whose names the executor does not know yet; returns how many. */
function registerNewTools(executor: Executor, tools: readonly Tool[], filter: ToolFilter): number {
  const known = new Set(executor.tools.map((tool) => tool.name));
  let added = 0;
  for (const tool of tools) {
    if (known.has(tool.name) || !filter.allows(tool.name)) continue;
    executor.register(tool);
    added++;
  }
  return added;
}
