import type { IncomingMessage, ServerResponse } from "node:http";
import { WeftError } from "../../errors/weft-error.js";
import { checkOrigins, checkToken, createRequestGuard } from "../../http-guard/index.js";
import { parsePlan } from "../../plan/parse-plan.js";
import type { Plan } from "../../plan/types.js";
import type { DashboardHub } from "./dashboard-hub.js";
import { serveEventStream } from "./event-stream.js";

/** A run the dashboard started: what `runPlan` returns (`Run` is one). */
export interface StartedRun {
  readonly id: string;
  result(): Promise<unknown>;
}

/** Options of `dashboardHandler`: the token every request needs, and how runs are started and streamed. */
export interface DashboardHandlerOptions {
  /** The secret every request must carry, as `?token=` or `Authorization: Bearer`. At least 16 characters. */
  token: string;
  /**
   * The `Host` header values answered, such as `["127.0.0.1:8123", "localhost:8123"]` (lower case, with the port);
   * any other is refused with 403, which defeats DNS rebinding. startDashboard sets it to its own address.
   * @default any host (the server it is mounted in checks hosts)
   */
  allowedHosts?: readonly string[];
  /**
   * Origins whose pages may call the dashboard besides its own (`http://localhost:3000`); a request with another
   * `Origin` (a page of another site posting a plan) is refused with 403. Requests with no `Origin` are accepted.
   * @default []
   */
  allowedOrigins?: readonly string[];
  /**
   * Starts a plan posted to `POST /api/runs` (JSON body); without it, the dashboard only watches.
   * @example runPlan: (plan) => executor.run(plan)
   */
  runPlan?: (plan: Plan) => StartedRun;
  /** The least time between two snapshots sent to a page, in ms. @default 250 */
  throttleMs?: number;
  /** How often an idle event stream sends a heartbeat, in ms. @default 15000 */
  heartbeatMs?: number;
}

/** The largest plan `POST /api/runs` accepts. */
const maxBodyBytes = 1024 * 1024;

/**
 * The dashboard as a Node request handler, to mount in a server of your own: `GET /` the page, `GET /events` its
 * server-sent events, `GET /api/runs` the runs as JSON, `GET /api/runs/<id>` one run's Timeline, `POST /api/runs`
 * (with `runPlan`) a plan to run. Every request needs the token, a `Host` of `allowedHosts` (when given) and no
 * `Origin` or its own or an allowed one, else 403. Paths are read relative to the last `/`
 * the handler was reached by, so it can be mounted under a prefix that ends with `/` (the page's links are relative).
 *
 * @example
 * import { createServer } from "node:http";
 * const hub = new DashboardHub();
 * const executor = new Executor({ tools, telemetry: hub.telemetry });
 * hub.watch(executor);
 * const token = createDashboardToken();
 * const handler = dashboardHandler(hub, { token });
 * createServer((request, response) => {
 *   if (request.url?.startsWith("/weft/")) {
 *     request.url = request.url.slice("/weft".length);
 *     return handler(request, response);
 *   }
 *   response.writeHead(404).end();
 * }).listen(8080, "127.0.0.1");
 * // open http://127.0.0.1:8080/weft/?token=<token>
 */
export function dashboardHandler(
  hub: DashboardHub,
  options: DashboardHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `dashboardHandler: options must be an object such as { token }, got ${options === null ? "null" : typeof options}`,
    );
  }
  const guard = createRequestGuard({
    token: checkToken(options.token, "dashboardHandler: options.token"),
    acceptsQueryToken: true,
    ...(options.allowedHosts === undefined ? {} : { allowedHosts: checkHosts(options.allowedHosts) }),
    allowedOrigins: checkOrigins(options.allowedOrigins, "dashboardHandler: options.allowedOrigins"),
  });
  const throttleMs = checkDelay("throttleMs", options.throttleMs, 250);
  const heartbeatMs = checkDelay("heartbeatMs", options.heartbeatMs, 15_000);
  return (request, response) => {
    const url = new URL(request.url ?? "/", "http://dashboard.invalid");
    const refusal = guard(request, url);
    if (refusal !== undefined) {
      request.resume();
      sendText(
        response,
        403,
        refusal.reason === "token"
          ? "Forbidden: this weft dashboard needs the token of its URL (?token=…).\n"
          : `${refusal.message}\n`,
      );
      return;
    }
    const path = url.pathname;
    const method = request.method ?? "GET";
    if (method === "GET" && (path === "/" || path === "/index.html")) {
      sendPage(response).catch((error: unknown) => {
        if (!response.headersSent) sendText(response, 500, "The dashboard's page could not be loaded.\n");
        else response.destroy(error instanceof Error ? error : undefined);
      });
    } else if (method === "GET" && path === "/events") {
      const runId = url.searchParams.get("run") ?? undefined;
      serveEventStream(hub, request, response, { runId, throttleMs, heartbeatMs });
    } else if (method === "GET" && path === "/api/runs") {
      sendJson(response, 200, { runs: hub.runs() });
    } else if (method === "GET" && path.startsWith("/api/runs/")) {
      const timeline = hub.timeline(decodeURIComponent(path.slice("/api/runs/".length)));
      if (timeline === undefined)
        sendJson(response, 404, { error: { code: "NOT_FOUND", message: "no such run" } });
      else sendJson(response, 200, timeline);
    } else if (method === "POST" && path === "/api/runs") {
      if (options.runPlan === undefined) {
        sendJson(response, 405, {
          error: { code: "NOT_ALLOWED", message: "this dashboard only watches; it starts no runs" },
        });
      } else {
        void startPosted(request, response, options.runPlan);
      }
    } else {
      sendText(response, 404, "Not found.\n");
    }
  };
}

async function startPosted(
  request: IncomingMessage,
  response: ServerResponse,
  runPlan: (plan: Plan) => StartedRun,
): Promise<void> {
  let text: string;
  try {
    text = await readBody(request);
  } catch (error) {
    sendJson(response, 413, { error: { code: "TOO_LARGE", message: (error as Error).message } });
    return;
  }
  try {
    const run = runPlan(parsePlan(text, "request.json"));
    // The run is followed through the hub; its outcome is no failure of this request.
    run.result().catch(() => {});
    sendJson(response, 202, { runId: run.id });
  } catch (error) {
    const body = WeftError.isInstance(error)
      ? error.toJSON()
      : { code: "INVALID", message: error instanceof Error ? error.message : String(error) };
    sendJson(response, 400, { error: body });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error(`the plan is larger than ${maxBodyBytes} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.once("error", reject);
  });
}

const securityHeaders = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  // The token is in the URL: never send it on.
  "referrer-policy": "no-referrer",
};

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...securityHeaders, "content-type": "text/plain; charset=utf-8" });
  response.end(text);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...securityHeaders, "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

function checkHosts(hosts: unknown): string[] {
  if (!Array.isArray(hosts) || hosts.some((host) => typeof host !== "string" || host === "")) {
    throw new TypeError(
      `dashboardHandler: options.allowedHosts must be an array of Host values such as "127.0.0.1:8123", got ${JSON.stringify(hosts)}`,
    );
  }
  return hosts.map((host: string) => host.toLowerCase());
}

function checkDelay(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `dashboardHandler: options.${option} must be a number of ms >= 0, got ${String(value)}`,
    );
  }
  return value;
}

/** Sends the page, whose script and styles load with the first page asked for, not with weft. */
async function sendPage(response: ServerResponse): Promise<void> {
  const { dashboardPage } = await import("./dashboard-page.js");
  const nonce = process.getBuiltinModule("node:crypto").randomBytes(16).toString("base64");
  response.writeHead(200, {
    ...securityHeaders,
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  });
  response.end(dashboardPage({ nonce }));
}
