import type { Executor } from "../executor/executor.js";
import { checkOrigins } from "../http-guard/index.js";
import { DashboardHub } from "../telemetry/dashboard/dashboard-hub.js";
import {
  type DashboardServer,
  type StartDashboardOptions,
  startDashboard,
} from "../telemetry/dashboard/dashboard-server.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode } from "./exit-codes.js";
import { beyondLoopbackWarning, checkHostOption, listenError } from "./listen-host.js";
import { reportCliError } from "./report-error.js";
import { defaultColors } from "./reporter.js";
import { openServingExecutor, type ServingExecutor, type ServingOptions } from "./serving-executor.js";
import { UsageError } from "./usage-error.js";

/** The options of `weft dashboard`. */
export interface DashboardCommandOptions extends ServingOptions {
  /** `--port <port>` on `--host`; 0 picks a free one. */
  port?: number;
  /** `--host <address>`: the address to listen on. @default "127.0.0.1" */
  host?: string;
  /** `--allow-origin <origin>`, repeatable: web origins whose pages may call the dashboard. */
  allowOrigin?: string[];
}

/**
 * `weft dashboard`: an executor built like `weft mcp serve` builds one (built-in tools, `--tools` modules, the config's
 * MCP servers, those `--allow-tools`/`--deny-tools` select), its live dashboard on 127.0.0.1 (or `--host`, with a
 * warning beyond loopback), and `POST /api/runs` to run plans on it; until SIGINT/SIGTERM. Plans come over HTTP, so
 * `shell.exec` is left out unless `--allow-tools` names it. Exit codes: 0 served and stopped, 2 the options, the
 * tools, the config, a server, the port or the address could not be had.
 */
export async function dashboardCommand(options: DashboardCommandOptions, io: CliIo): Promise<ExitCode> {
  const errorColors = io.errorColors ?? defaultColors;
  const hub = new DashboardHub();
  let serving: ServingExecutor | undefined;
  let dashboard: DashboardServer;
  try {
    const host = checkHostOption(options.host);
    const allowedOrigins = checkAllowedOrigins(options.allowOrigin);
    serving = await openServingExecutor(options, io, { telemetry: hub.telemetry, isOverHttp: true });
    const { executor } = serving;
    hub.watch(executor);
    dashboard = await listen(hub, {
      port: options.port ?? 0,
      host,
      allowedOrigins,
      runPlan: (plan) => executor.run(plan),
    });
  } catch (error) {
    await serving?.close();
    const report = reportCliError(error, errorColors);
    io.stderr.write(report.text);
    return report.exitCode;
  }
  io.stderr.write(`dashboard: ${dashboard.url}\n`);
  const warning = beyondLoopbackWarning(dashboard.host, "the dashboard and run plans on it", errorColors);
  if (warning !== undefined) io.stderr.write(warning);
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

/** Serves the dashboard; an address that cannot be had is a usage error (exit 2) naming --port or --host. */
async function listen(
  hub: DashboardHub,
  options: StartDashboardOptions & { port: number; host: string },
): Promise<DashboardServer> {
  try {
    return await startDashboard(hub, options);
  } catch (error) {
    throw listenError(error, { host: options.host, port: options.port, portOption: "--port" });
  }
}

function checkAllowedOrigins(origins: string[] | undefined): string[] {
  try {
    return checkOrigins(origins, "--allow-origin");
  } catch (error) {
    throw new UsageError({ option: "--allow-origin", message: (error as Error).message, cause: error });
  }
}
