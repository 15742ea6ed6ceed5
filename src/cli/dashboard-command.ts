import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { InvalidArgumentError } from "commander";
import { builtinTools } from "../builtin/index.js";
import type { Executor } from "../executor/executor.js";
import { DashboardHub } from "../telemetry/dashboard/dashboard-hub.js";
import { type DashboardServer, startDashboard } from "../telemetry/dashboard/dashboard-server.js";
import { ExitCode } from "./exit-codes.js";
import { type ConfigOption, type OpenedServers, openConfiguredServers } from "./mcp-servers.js";
import { createExecutor } from "./prepare-run.js";
import { reportCliError } from "./report-error.js";
import { defaultColors } from "./reporter.js";
import type { CliIo } from "./run-command.js";
import { defaultConcurrency } from "./run-options.js";
import { loadToolGroups, mergeToolGroups } from "./tool-sources.js";
import { UsageError } from "./usage-error.js";

/** The options of `weft dashboard`. */
export interface DashboardCommandOptions extends ConfigOption {
  /** `--port <port>` on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** `--tools <module>`, repeatable. */
  tools?: string[];
  /** `--root <dir>`: where the built-in fs and shell tools are confined. */
  root?: string;
  /** `--concurrency <n>`: the most calls running at once, across every run. */
  concurrency?: number;
  /** `--pools cpu=2,memory_mb=4096`: named capacities for tools that declare `uses`. */
  pools?: Record<string, number>;
}

/** Parses `--port <port>`: an integer from 0 (any free port) to 65535. Commander names the option in the error. */
export function parseDashboardPort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError(`Expected a port from 0 to 65535 (0: any free port), got "${value}".`);
  }
  return port;
}

/**
 * `weft dashboard`: an executor built like `weft mcp serve` builds one (built-in tools, `--tools` modules, the config's
 * MCP servers), its live dashboard on 127.0.0.1, and `POST /api/runs` to run plans on it; until SIGINT/SIGTERM. Exit
 * codes: 0 served and stopped, 2 the tools, the config, a server or the port could not be had.
 */
export async function dashboardCommand(options: DashboardCommandOptions, io: CliIo): Promise<ExitCode> {
  const errorColors = io.errorColors ?? defaultColors;
  const hub = new DashboardHub();
  let servers: OpenedServers | undefined;
  let executor: Executor | undefined;
  let dashboard: DashboardServer;
  try {
    const root = resolve(io.cwd, options.root ?? ".");
    if (!(await stat(root).catch(() => undefined))?.isDirectory()) {
      throw new UsageError({ option: "--root", message: `--root ${root}: no such directory` });
    }
    const groups = await loadToolGroups(builtinTools({ root }), options.tools ?? [], io.cwd);
    servers = await openConfiguredServers(options, io.cwd);
    const serving = createExecutor({
      tools: mergeToolGroups([...groups, ...servers.groups]).map((sourced) => sourced.tool),
      concurrency: options.concurrency ?? defaultConcurrency,
      telemetry: hub.telemetry,
      ...(options.pools === undefined ? {} : { pools: options.pools }),
    });
    executor = serving;
    hub.watch(serving);
    dashboard = await startDashboard(hub, { port: options.port ?? 0, runPlan: (plan) => serving.run(plan) });
  } catch (error) {
    await executor?.close().catch(() => {});
    await servers?.close();
    const report = reportCliError(portError(error, options.port), errorColors);
    io.stderr.write(report.text);
    return report.exitCode;
  }
  io.stderr.write(`dashboard: ${dashboard.url}\n`);
  io.stderr.write("POST a plan (JSON) to /api/runs with the same token to run it; Ctrl-C stops.\n");
  await untilStopped();
  await dashboard.close();
  await executor.close().catch(() => {});
  await servers.close();
  return ExitCode.success;
}

/** The dashboard of one `weft run --dashboard`. */
export interface RunDashboard {
  /**
   * Once the run ended: on a terminal, keeps serving until Ctrl-C so that a person can look; otherwise (a script, a
   * test) closes at once.
   */
  finish(): Promise<void>;
  /** Stops serving now (again is harmless). */
  close(): Promise<void>;
}

/** Serves the dashboard of `weft run --dashboard` and prints its address on stderr. */
export async function startRunDashboard(
  hub: DashboardHub,
  executor: Executor,
  io: CliIo,
): Promise<RunDashboard> {
  hub.watch(executor);
  const dashboard = await startDashboard(hub);
  io.stderr.write(`dashboard: ${dashboard.url}\n`);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= dashboard.close();
    return closing;
  };
  return {
    async finish() {
      if (io.stderr.isTTY === true) {
        io.stderr.write(`dashboard: the run ended; still serving ${dashboard.url} (Ctrl-C stops)\n`);
        await untilStopped();
      }
      await close();
    },
    close,
  };
}

function untilStopped(): Promise<void> {
  return new Promise((resolveStop) => {
    const onSignal = (): void => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolveStop();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/** A port already taken is a usage error (exit 2) that names the option. */
function portError(error: unknown, port: number | undefined): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE" || code === "EACCES") {
    return new UsageError({
      option: "--port",
      message: `--port ${port}: cannot listen on 127.0.0.1:${port} (${code === "EADDRINUSE" ? "already in use" : "not allowed"})`,
      cause: error,
    });
  }
  return error;
}
