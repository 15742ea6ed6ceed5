// The agent's tools: each one an HTTP call to a remote API (here the stand-in service), I/O-bound as agents' tools
// are, with the policy weft schedules it by: retries for failures that may pass, a rate limit, a concurrency limit.
import { defineTool, RateLimitedError } from "weft";

/** An HTTP answer that is not a success. 5xx answers are worth another attempt; 4xx ones are not. */
class HttpStatusError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "HttpStatusError";
    this.status = status;
  }
}

/** Idempotent reads, retried when the service failed (5xx, connection errors), never for a bad request. */
const retried = {
  idempotent: true,
  timeoutMs: 10_000,
  retry: {
    attempts: 3,
    backoffMs: 100,
    retryOn: (error) => !(error instanceof HttpStatusError) || error.status >= 500,
  },
};

/**
 * The four tools, calling the APIs at `baseUrl`.
 *
 * @param {string} baseUrl such as "http://127.0.0.1:4100"
 * @returns {import("weft").Tool[]}
 */
export function travelTools(baseUrl) {
  const get = (path, query, signal) => getJson(`${baseUrl}${path}?${new URLSearchParams(query)}`, signal);
  return [
    defineTool({
      name: "geocode",
      description: "Find a city's coordinates. Returns { name, country, latitude, longitude }.",
      input: {
        type: "object",
        properties: { city: { type: "string", description: "the city's name, such as Paris" } },
        required: ["city"],
      },
      ...retried,
      // The API's published quota; a 429 still pauses every call of the key for the `retry-after` it sends.
      rateLimit: { key: "geocoding-api", requests: 10, per: "second" },
      execute: ({ city }, { signal }) => get("/v1/geocode", { city }, signal),
    }),
    defineTool({
      name: "weather",
      description:
        "Saturday's forecast at a location: { saturday: { condition, highC, lowC, rainChancePercent } }.",
      input: {
        type: "object",
        properties: {
          location: {
            type: "object",
            description: "coordinates, such as geocode's result",
            properties: { latitude: { type: "number" }, longitude: { type: "number" } },
            required: ["latitude", "longitude"],
          },
        },
        required: ["location"],
      },
      ...retried,
      execute: ({ location }, { signal }) =>
        get(
          "/v1/forecast",
          { latitude: location.latitude, longitude: location.longitude, day: "saturday" },
          signal,
        ),
    }),
    defineTool({
      name: "hotel_prices",
      description: "Hotel prices for a night in a city: { currency, medianPerNight, cheapestPerNight }.",
      input: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      },
      ...retried,
      execute: ({ city }, { signal }) => get("/v1/hotels/prices", { city }, signal),
    }),
    defineTool({
      name: "web_search",
      description: "Search the web. Returns { results: [{ title, snippet }] }, best first.",
      input: {
        type: "object",
        properties: { query: { type: "string" } },
        required: ["query"],
      },
      ...retried,
      // The search API allows 2 requests at once per key.
      concurrency: 2,
      execute: ({ query }, { signal }) => get("/v1/search", { q: query }, signal),
    }),
  ];
}

/** GETs JSON; a 429 becomes a RateLimitedError with the service's wait, any other failure an HttpStatusError. */
async function getJson(url, signal) {
  const response = await fetch(url, { signal });
  const path = new URL(url).pathname;
  if (response.status === 429) {
    await response.body?.cancel();
    throw new RateLimitedError({
      retryAfterMs: retryAfterMs(response.headers),
      message: `GET ${path}: 429 Too Many Requests`,
    });
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new HttpStatusError(
      response.status,
      `GET ${path}: ${response.status} ${body.error ?? response.statusText}`,
    );
  }
  return response.json();
}

/** `retry-after-ms` when the service sends it (exact), else `retry-after` in seconds; undefined when neither. */
function retryAfterMs(headers) {
  const milliseconds = Number(headers.get("retry-after-ms"));
  if (headers.has("retry-after-ms") && Number.isFinite(milliseconds) && milliseconds >= 0)
    return milliseconds;
  const seconds = Number(headers.get("retry-after"));
  return headers.has("retry-after") && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
