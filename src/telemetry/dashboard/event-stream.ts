import type { IncomingMessage, ServerResponse } from "node:http";
import type { DashboardHub } from "./dashboard-hub.js";

export interface EventStreamOptions {
  /** The run whose Timeline each snapshot carries (see DashboardHub.snapshot). */
  runId: string | undefined;
  /** The least time between two snapshots, in ms. */
  throttleMs: number;
  /** How often a comment line keeps the connection (and any proxy on the way) open, in ms. */
  heartbeatMs: number;
}

/**
 * Serves one page's server-sent events: a `snapshot` event at once, then after changes, at most one per `throttleMs`
 * (a burst of events costs one snapshot, and the last change is always sent), with heartbeats in between. Everything
 * stops when the client goes away.
 */
export function serveEventStream(
  hub: DashboardHub,
  request: IncomingMessage,
  response: ServerResponse,
  options: EventStreamOptions,
): void {
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
    // Proxies that buffer (nginx) would hold the stream back.
    "x-accel-buffering": "no",
  });
  response.write("retry: 2000\n\n");
  let lastSentMs = Number.NEGATIVE_INFINITY;
  let pending: NodeJS.Timeout | undefined;
  const send = (): void => {
    pending = undefined;
    if (response.writableNeedDrain) {
      // A page that does not keep up gets the latest picture once it does, not a backlog of stale ones.
      response.once("drain", schedule);
      return;
    }
    lastSentMs = performance.now();
    // JSON.stringify escapes every line break, so the payload is one `data:` line.
    response.write(`event: snapshot\ndata: ${JSON.stringify(hub.snapshot(options.runId))}\n\n`);
  };
  // Snapshots are built outside the executor's event dispatch, which must stay quick.
  const schedule = (): void => {
    if (pending !== undefined) return;
    const waitMs = Math.max(0, options.throttleMs - (performance.now() - lastSentMs));
    pending = setTimeout(send, waitMs);
  };
  const unsubscribe = hub.subscribe(schedule);
  const heartbeat = setInterval(() => response.write(": heartbeat\n\n"), options.heartbeatMs);
  heartbeat.unref();
  const stop = (): void => {
    unsubscribe();
    clearInterval(heartbeat);
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
  };
  request.once("close", stop);
  response.once("close", stop);
  send();
}
