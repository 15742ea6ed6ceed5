/**
 * A simulated service for the adaptive concurrency benchmark: an HTTP server on loopback whose latency is flat up to a
 * hidden best concurrency and grows past it, like a saturated server that also thrashes (throughput falls, not only
 * latency rises). Run as a child process (`fork`), so that the client's scheduling never delays the server's timers; it
 * sends `{ port }` to its parent once listening.
 *
 *   latency = baseMs × load(n) × exp(σ·N(0,1)), n = requests in flight when the request arrives (itself included)
 *   load(n) = 1 for n ≤ best, else (n ÷ best) × (1 + (n − best) ÷ (4 × best))
 *
 * So at 2 × best in flight a request takes 2.5 × baseMs and the service completes 80% of its best throughput.
 */
import { createServer } from "node:http";
import { SeededRandom } from "./seeded-random.js";

/** The service's hidden shape. */
export const serviceShape = { bestConcurrency: 8, baseMs: 20, sigma: 0.1 };

/** The load factor at `inFlight` requests: how much longer than at the best concurrency one request takes. */
export function loadFactor(inFlight, best = serviceShape.bestConcurrency) {
  return inFlight <= best ? 1 : (inFlight / best) * (1 + (inFlight - best) / (4 * best));
}

function serve() {
  const random = new SeededRandom(Number(process.env.SEED ?? 1));
  const { baseMs, sigma } = serviceShape;
  let inFlight = 0;
  const server = createServer((request, response) => {
    inFlight++;
    const latencyMs = baseMs * loadFactor(inFlight) * Math.exp(sigma * random.normal());
    request.resume();
    setTimeout(() => {
      inFlight--;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(`{"latencyMs":${latencyMs.toFixed(3)}}`);
    }, latencyMs);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    process.send?.({ port: server.address().port });
  });
  process.on("disconnect", () => process.exit(0));
}

if (process.argv[2] === "--serve") serve();
