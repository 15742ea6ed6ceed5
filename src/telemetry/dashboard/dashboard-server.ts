import type { AddressInfo } from "node:net";
import { allowedHostsFor, createToken } from "../../http-guard/index.js";
import { type DashboardHandlerOptions, dashboardHandler } from "./dashboard-handler.js";
import type { DashboardHub } from "./dashboard-hub.js";

/** Options of `startDashboard`: those of `dashboardHandler`, and where to listen. */
export interface StartDashboardOptions extends Omit<DashboardHandlerOptions, "token" | "allowedHosts"> {
  /** The port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** The secret of its URL. @default a fresh random one (createDashboardToken) */
  token?: string;
}

/** A dashboard being served. */
export interface DashboardServer {
  /** The page's address, token included: `http://127.0.0.1:<port>/?token=…`. */
  url: string;
  port: number;
  token: string;
  /** Stops listening and ends the open pages' connections. */
  close(): Promise<void>;
}

/**
 * Serves the dashboard of `hub` on 127.0.0.1 (only this machine can reach it), with a random token in its URL. It
 * answers only requests whose `Host` is `127.0.0.1:<port>` or `localhost:<port>` (DNS rebinding), and refuses
 * those from pages of other origins than its own and `allowedOrigins`.
 *
 * @example
 * const hub = new DashboardHub();
 * const executor = new Executor({ tools, telemetry: hub.telemetry });
 * hub.watch(executor);
 * const dashboard = await startDashboard(hub);
 * console.error(`dashboard: ${dashboard.url}`);
 * // …runs…
 * await dashboard.close();
 */
export async function startDashboard(
  hub: DashboardHub,
  options: StartDashboardOptions = {},
): Promise<DashboardServer> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(
      `startDashboard: options.port must be a whole number from 0 to 65535, got ${String(port)}`,
    );
  }
  const token = options.token ?? createToken();
  // The handler checks its options before anything listens; it needs the port, known once listening, for its hosts.
  dashboardHandler(hub, { ...options, token });
  // node:http loads with the first dashboard served, not with `import "weft"`.
  const server = process.getBuiltinModule("node:http").createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const chosen = (server.address() as AddressInfo).port;
  server.on(
    "request",
    dashboardHandler(hub, { ...options, token, allowedHosts: allowedHostsFor(["127.0.0.1"], chosen) }),
  );
  return {
    url: `http://127.0.0.1:${chosen}/?token=${encodeURIComponent(token)}`,
    port: chosen,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Event streams never end by themselves.
        server.closeAllConnections();
      }),
  };
}
