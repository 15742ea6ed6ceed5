// A local HTTP service that stands in for the remote APIs an agent's tools call (remote-apis.js): it answers on
// 127.0.0.1 after the latency a remote API would take, drawn from the seed, says 429 with `retry-after` when over
// quota or asked for too much at once, and 503 now and then. Nothing leaves the machine.
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { endpoints, faults } from "./remote-apis.js";
import { seededBetween } from "./seeded-random.js";

/**
 * Starts the service on a free port of 127.0.0.1.
 *
 * @param {object} [options]
 * @param {number} [options.seed] draws the latencies and the data @default 7
 * @param {number} [options.timeScale] multiplies every latency and wait, to run the demo faster in a test @default 1
 * @returns {Promise<{ url: string, requests: object[], close(): Promise<void> }>} `requests` logs every request
 *   answered: its path, query, place, how many times that same request had come (`nth`), when it arrived and was
 *   answered (`performance.now()`), the status and the `retryAfterMs` sent with a 429, and how many requests of its
 *   endpoint were in flight when it arrived, itself included
 */
export async function startStandInService({ seed = 7, timeScale = 1 } = {}) {
  if (!(Number.isFinite(timeScale) && timeScale > 0)) {
    throw new RangeError(`startStandInService: \`timeScale\` must be a number > 0, got ${String(timeScale)}`);
  }
  const requests = [];
  const timesSeen = new Map();
  const inFlight = new Map();
  const timers = new Set();

  const server = createServer((request, response) => {
    const receivedAt = performance.now();
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const endpoint = endpoints.find((candidate) => candidate.path === url.pathname);
    if (endpoint === undefined) return sendJson(response, 404, { error: `no endpoint ${url.pathname}` });
    const query = url.searchParams;
    query.sort();
    const key = `${url.pathname}?${query}`;
    const nth = (timesSeen.get(key) ?? 0) + 1;
    timesSeen.set(key, nth);
    const running = (inFlight.get(endpoint.path) ?? 0) + 1;
    inFlight.set(endpoint.path, running);
    const place = endpoint.placeOf(query)?.name;
    const entry = {
      path: endpoint.path,
      query: Object.fromEntries(query),
      place,
      nth,
      receivedAt,
      inFlight: running,
    };
    requests.push(entry);

    const fault = faults.find(
      (candidate) =>
        candidate.path === endpoint.path && candidate.place === place && candidate.onRequest === nth,
    );
    let status = 200;
    let body;
    let retryAfterMs;
    let latencyMs = seededBetween(seed, endpoint.latencyMs, key, nth) * timeScale;
    if (endpoint.maxInFlight !== undefined && running > endpoint.maxInFlight) {
      status = 429;
      retryAfterMs = Math.round(100 * timeScale);
      body = { error: `Too Many Requests: at most ${endpoint.maxInFlight} requests at once` };
      latencyMs = 5 * timeScale;
    } else if (fault !== undefined) {
      status = fault.status;
      retryAfterMs =
        fault.retryAfterMs === undefined ? undefined : Math.round(fault.retryAfterMs * timeScale);
      body = { error: fault.message };
      // Refusals come back quicker than answers: the service did not do the work.
      latencyMs /= 4;
    } else {
      body = endpoint.answer(query, seed);
      if (body === undefined) {
        status = 404;
        body = { error: `nothing found for ${query}` };
      }
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      inFlight.set(endpoint.path, (inFlight.get(endpoint.path) ?? 1) - 1);
      Object.assign(entry, { status, retryAfterMs, answeredAt: performance.now() });
      const headers =
        retryAfterMs === undefined
          ? {}
          : // `retry-after` counts whole seconds; like OpenAI's and Anthropic's APIs, `retry-after-ms` says it exactly.
            {
              "retry-after": String(Math.ceil(retryAfterMs / 1000)),
              "retry-after-ms": String(retryAfterMs),
            };
      sendJson(response, status, body, headers);
    }, latencyMs);
    timers.add(timer);
    request.resume();
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function sendJson(response, status, body, headers = {}) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}
