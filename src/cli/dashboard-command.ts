import type { Executor } from "../executor/executor.js";
import { checkOrigins } from "../http-guard/index.js";
import { DashboardHub } from "../telemetry/dashboard/dashboard-hub.js";
import { type DashboardServer, startDashboard } from "../telemetry/dashboard/dashboard-server.js";
import { ExitCode } from "./exit-codes.js";
import { reportCliError } from "./report-error.js";
import { defaultColors } from "./reporter.js";
import type { CliIo } from "./run-command.js";
import { openServingExecutor, type ServingExecutor, type ServingOptions } from "./serving-executor.js";
import { UsageError } from "./usage-error.js";

/** The options of `weft dashboard`. */
export interface DashboardCommandOptions extends ServingOptions {
  /** `--port <port>` on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** `--allow-origin <origin>`, repeatable: web origins whose pages may call the dashboard. */
  allowOrigin?: string[];
}

/**
 * `weft dashboard`: an executor built like `weft mcp serve` builds one (built-in tools, `--tools` modules, the config's
 * MCP servers, those `--allow-tools`/`--deny-tools` select), its live dashboard on 127.0.0.1, and `POST /api/runs` to
 * run plans on it; until SIGINT/SIGTERM. Plans come over HTTP, so `shell.exec` is left out unless `--allow-tools`
 * names it. Exit codes: 0 served and stopped, 2 the options, the tools, the config, a server or the port could not
 * be had.
 */
export async function dashboardCommand(options: DashboardCommandOptions, io: CliIo): Promise<ExitCode> {
  const errorColors = io.errorColors ?? defaultColors;
  const hub = new DashboardHub();
  let serving: ServingExecutor | undefined;
  let dashboard: DashboardServer;
  try {
    const allowedOrigins = checkAllowedOrigins(options.allowOrigin);
    serving = await openServingExecutor(options, io, { telemetry: hub.telemetry, isOverHttp: true });
    const { executor } = serving;
    hub.watch(executor);
    dashboard = await startDashboard(hub, {
      port: options.port ?? 0,
      allowedOrigins,
      runPlan: (plan) => executor.run(plan),
    });
  } catch (error) {
    await serving?.close();
    const report = reportCliError(portError(error, options.port), errorColors);
    io.stderr.write(report.text);
    return report.exitCode;
  }
  io.stderr.write(`dashboard: ${dashboard.url}\n`);
  io.stderr.write("POST a plan (JSON) to /api/runs with the same token to run it; Ctrl-C stops.\n");
  await untilStopped();
  await dashboard.close();
  await serving.close();
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

function checkAllowedOrigins(origins: string[] | undefined): string[] {
  try {
    return checkOrigins(origins, "--allow-origin");
  } catch (error) {
    throw new UsageError({ option: "--allow-origin", message: (error as Error).message, cause: error });
  }
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
