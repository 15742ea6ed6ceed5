// What the stand-in remote APIs know, answer, and how slowly: a geocoder, a weather forecast, hotel prices and a web
// search, with latencies in the range such public APIs answer in. Their data is drawn from the seed, so a run can be
// repeated; stand-in-service.js serves them over HTTP.
import { seededBetween, seededFraction } from "./seeded-random.js";

/** The places the geocoder knows, with what the other APIs answer about them. */
const places = [
  { name: "Lisbon", country: "Portugal", latitude: 38.7223, longitude: -9.1393, sight: "Belém Tower" },
  {
    name: "Oslo",
    country: "Norway",
    latitude: 59.9139,
    longitude: 10.7522,
    sight: "Vigeland Sculpture Park",
  },
  { name: "Rome", country: "Italy", latitude: 41.9028, longitude: 12.4964, sight: "Colosseum" },
  { name: "Vienna", country: "Austria", latitude: 48.2082, longitude: 16.3738, sight: "Schönbrunn Palace" },
];

const conditions = ["sunny", "partly cloudy", "overcast", "showers"];

/**
 * The endpoints, each with the latency range it answers in (ms, before the time scale), what it answers a query
 * with (undefined: 404), and the place a query is about (for labels and for the faults below).
 */
export const endpoints = [
  {
    path: "/v1/geocode",
    name: "geocoding API",
    latencyMs: [150, 250],
    placeOf: (query) => placeNamed(query.get("city")),
    answer(query) {
      const place = placeNamed(query.get("city"));
      if (place === undefined) return undefined;
      const { name, country, latitude, longitude } = place;
      return { name, country, latitude, longitude };
    },
  },
  {
    path: "/v1/forecast",
    name: "weather API",
    latencyMs: [300, 450],
    placeOf: (query) => placeAt(Number(query.get("latitude")), Number(query.get("longitude"))),
    answer(query, seed) {
      const place = placeAt(Number(query.get("latitude")), Number(query.get("longitude")));
      if (place === undefined) return undefined;
      return { latitude: place.latitude, longitude: place.longitude, saturday: forecastFor(place, seed) };
    },
  },
  {
    path: "/v1/hotels/prices",
    name: "hotel prices API",
    latencyMs: [350, 600],
    placeOf: (query) => placeNamed(query.get("city")),
    answer(query, seed) {
      const place = placeNamed(query.get("city"));
      if (place === undefined) return undefined;
      const median = Math.round(seededBetween(seed, [90, 220], "hotel", place.name));
      return {
        city: place.name,
        currency: "EUR",
        medianPerNight: median,
        cheapestPerNight: Math.round(median * 0.6),
      };
    },
  },
  {
    path: "/v1/search",
    name: "web search API",
    latencyMs: [250, 450],
    // Like most search APIs, it allows a few requests at once per key; one more is answered 429 at once.
    maxInFlight: 2,
    placeOf: (query) => places.find((place) => (query.get("q") ?? "").includes(place.name)),
    answer(query) {
      const text = query.get("q") ?? "";
      const place = places.find((candidate) => text.includes(candidate.name));
      if (place === undefined) return { query: text, results: [] };
      return {
        query: text,
        results: [
          { title: place.sight, snippet: `The most visited sight in ${place.name}.` },
          { title: `${place.name} old town`, snippet: `A walk through the centre of ${place.name}.` },
        ],
      };
    },
  },
];

/**
 * The failures the services answer with, always the same ones so that every mode meets them: the geocoding API's
 * first request for Oslo is over quota (429 with `retry-after`), the hotel prices API's first request for Rome fails
 * with a 503, as remote services now and then do.
 */
export const faults = [
  {
    path: "/v1/geocode",
    place: "Oslo",
    onRequest: 1,
    status: 429,
    retryAfterMs: 300,
    message: "Too Many Requests: quota exceeded, retry later",
  },
  { path: "/v1/hotels/prices", place: "Rome", onRequest: 1, status: 503, message: "Service Unavailable" },
];

/** The place a tool call's input is about, for labels: a city name, coordinates, or a search query naming one. */
export function placeNameOf(input) {
  if (typeof input?.city === "string") return input.city;
  const location = input?.location;
  if (location !== undefined) return placeAt(location.latitude, location.longitude)?.name;
  if (typeof input?.query === "string") return places.find((place) => input.query.includes(place.name))?.name;
  return undefined;
}

function forecastFor(place, seed) {
  const condition = conditions[Math.floor(seededFraction(seed, "condition", place.name) * conditions.length)];
  // Warmer towards the south, give or take a few degrees.
  const highC = Math.round(36 - 0.45 * place.latitude + seededBetween(seed, [-3, 3], "high", place.name));
  const rainChance = Math.round(
    condition === "showers"
      ? seededBetween(seed, [60, 90], "rain", place.name)
      : seededBetween(seed, [0, 25], "rain", place.name),
  );
  return { condition, highC, lowC: highC - 8, rainChancePercent: rainChance };
}

function placeNamed(name) {
  return places.find((place) => place.name.toLowerCase() === String(name ?? "").toLowerCase());
}

function placeAt(latitude, longitude) {
  return places.find(
    (place) => Math.abs(place.latitude - latitude) < 0.01 && Math.abs(place.longitude - longitude) < 0.01,
  );
}
