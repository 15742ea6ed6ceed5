// The question the agent answers, and the tool calls it takes: per city, its coordinates (geocode), Saturday's
// forecast there (weather, which needs the coordinates), hotel prices and the top sight (web_search). The simulated
// model (simulated-model.js) asks for exactly these calls; the answer is written from what they return.

export const cities = ["Lisbon", "Oslo", "Rome", "Vienna"];

export const question = `I have a free weekend and can fly to ${cities.slice(0, -1).join(", ")} or ${cities.at(-1)}. For each, check Saturday's weather, what a hotel night costs and the one sight not to miss, then tell me where to go.`;

/**
 * One tool call the question needs.
 * @typedef {object} Step
 * @property {string} key such as "weather:Oslo"
 * @property {string} tool
 * @property {string} city
 * @property {string[]} needs the keys of the steps whose results its arguments use
 * @property {(values: Map<string, any>) => object} args its arguments, from the results it needs
 * @property {(ref: (key: string) => string) => string} planArgs its arguments in a plan line, `ref` naming a result
 * @property {string} thought what a ReAct model says before the call
 */

/** @type {Step[]} city by city, as a model working one call at a time would go */
export const steps = cities.flatMap((city) => [
  {
    key: `geocode:${city}`,
    tool: "geocode",
    city,
    needs: [],
    args: () => ({ city }),
    planArgs: () => JSON.stringify(city),
    thought: `First, where ${city} is.`,
  },
  {
    key: `weather:${city}`,
    tool: "weather",
    city,
    needs: [`geocode:${city}`],
    args: (values) => {
      const { latitude, longitude } = values.get(`geocode:${city}`);
      return { location: { latitude, longitude } };
    },
    planArgs: (ref) => `location=${ref(`geocode:${city}`)}`,
    thought: `Now Saturday's weather in ${city}.`,
  },
  {
    key: `hotel_prices:${city}`,
    tool: "hotel_prices",
    city,
    needs: [],
    args: () => ({ city }),
    planArgs: () => JSON.stringify(city),
    thought: `What a night in ${city} costs.`,
  },
  {
    key: `web_search:${city}`,
    tool: "web_search",
    city,
    needs: [],
    args: () => ({ query: `top sight in ${city}` }),
    planArgs: () => JSON.stringify(`top sight in ${city}`),
    thought: `And the sight not to miss in ${city}.`,
  },
]);

/** The plan's order: the calls that need nothing first, as weft's planner prompt asks, then those that do. */
export const planOrder = [
  ...steps.filter((step) => step.needs.length === 0),
  ...steps.filter((step) => step.needs.length > 0),
];

const conditionScore = { sunny: 3, "partly cloudy": 2, overcast: 1, showers: 0 };

/**
 * The answer, from every step's result: the city with the best weekend (fair weather and warmth first, then price),
 * and a line for each of the others.
 *
 * @param {Map<string, any>} values each step's result by its key
 * @returns {string}
 */
export function answerFrom(values) {
  const facts = cities.map((city) => {
    const { saturday } = values.get(`weather:${city}`);
    const prices = values.get(`hotel_prices:${city}`);
    const sight = values.get(`web_search:${city}`).results[0]?.title ?? "the old town";
    const score =
      (conditionScore[saturday.condition] ?? 0) * 10 + saturday.highC - prices.medianPerNight / 10;
    return { city, saturday, price: prices.medianPerNight, sight, score };
  });
  const [best, ...others] = facts.sort((a, b) => b.score - a.score);
  const weather = (fact) => `${fact.saturday.condition}, ${fact.saturday.highC} °C`;
  return [
    `Go to ${best.city}: Saturday looks ${weather(best)}, with a ${best.saturday.rainChancePercent}% chance of rain, and a hotel night costs about €${best.price}. Not to miss: ${best.sight}.`,
    `The others: ${others.map((fact) => `${fact.city} ${weather(fact)}, €${fact.price} a night`).join("; ")}.`,
  ].join("\n");
}
