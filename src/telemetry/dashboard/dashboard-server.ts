import { checkListenAddress, createToken, listen } from "../../http-guard/index.js";
import { type DashboardHandlerOptions, dashboardHandler } from "./dashboard-handler.js";
import type { DashboardHub } from "./dashboard-hub.js";

/** Options of `startDashboard`: those of `dashboardHandler`, and where to listen. */
export interface StartDashboardOptions extends Omit<DashboardHandlerOptions, "token" | "allowedHosts"> {
  /** The port on `host`; 0 picks a free one. @default 0 */
  port?: number;
  /**
   * The address to listen on. Anything but loopback lets other machines reach the dashboard (the token still guards
   * it, but travels in clear over plain HTTP).
   * @default "127.0.0.1"
   */
  host?: string;
  /** The secret of its URL. @default a fresh random one (createDashboardToken) */
  token?: string;
}

/** A dashboard being served. */
export interface DashboardServer {
  /** The page's address, token included: `http://<host>:<port>/?token=…` (an IPv6 host in brackets). */
  url: string;
  /** The address it listens on, as asked for. */
  host: string;
  port: number;
  token: string;
  /** Stops listening and ends the open pages' connections. */
  close(): Promise<void>;
}

/**
 * Serves the dashboard of `hub` on 127.0.0.1 (only this machine can reach it) or on `host`, with a random token in
 * its URL. It answers only requests whose `Host` is the address it listens on or `localhost`, with the port (DNS
 * rebinding; see allowedHostsFor), and refuses those from pages of other origins than its own and `allowedOrigins`.
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
  const address = checkListenAddress("startDashboard", options.port, options.host);
  const token = options.token ?? createToken();
  // The handler checks its options before anything listens; it needs the port, known once listening, for its hosts.
  dashboardHandler(hub, { ...options, token });
  // node:http loads with the first dashboard served, not with `import "weft"`.
  const server = process.getBuiltinModule("node:http").createServer();
  const listening = await listen(server, address);
  server.on("request", dashboardHandler(hub, { ...options, token, allowedHosts: listening.allowedHosts }));
  return {
    url: `${listening.origin}/?token=${encodeURIComponent(token)}`,
    host: address.host,
    port: listening.port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Event streams never end by themselves.
        server.closeAllConnections();
      }),
  };
}
