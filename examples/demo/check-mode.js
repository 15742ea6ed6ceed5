// What a mode's run must show to count: the agent answered, with the answer the APIs' data gives (so that weft's data
// flow, `$N` references included, is checked as well as its speed), and every tool call succeeded in the end.
import { endpoints } from "./remote-apis.js";
import { answerFrom, cities } from "./trip-question.js";

/**
 * The answer a model that read every result right would give, from the stand-in APIs' own data.
 *
 * @param {number} seed
 * @returns {string}
 */
export function expectedAnswer(seed) {
  const ask = (path, query) =>
    endpoints.find((endpoint) => endpoint.path === path).answer(new URLSearchParams(query), seed);
  const values = new Map();
  for (const city of cities) {
    const { latitude, longitude } = ask("/v1/geocode", { city });
    values.set(`weather:${city}`, ask("/v1/forecast", { latitude, longitude }));
    values.set(`hotel_prices:${city}`, ask("/v1/hotels/prices", { city }));
    values.set(`web_search:${city}`, ask("/v1/search", { q: `top sight in ${city}` }));
  }
  return answerFrom(values);
}

/**
 * @param {{ status: string, answer: string | undefined, calls: { label: string, status: string, error?: string }[] }} run
 * @param {string} expected the answer it should have given
 * @returns {string[]} what went wrong, empty when nothing did
 */
export function problemsOf(run, expected) {
  const problems = [];
  if (run.status !== "answered") problems.push(`the agent stopped without an answer (${run.status})`);
  else if (run.answer !== expected) problems.push(`wrong answer: ${JSON.stringify(run.answer)}`);
  for (const call of run.calls) {
    if (call.status !== "succeeded")
      problems.push(`${call.label} ${call.status}: ${call.error ?? "no error given"}`);
  }
  return problems;
}
