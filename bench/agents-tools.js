import { setTimeout as sleep } from "node:timers/promises";
import { hashText } from "./agents-names.js";
import { SeededRandom } from "./seeded-random.js";

/** Search latency: lognormal, median 0.54 s and σ 0.48 (mean ≈ 0.61 s; the slowest of 8 ≈ 1.13 s on average). */
export const searchLatency = { medianMs: 540, sigma: 0.48 };

/** The system prompt the math tool sends to the model, in the manner of LangChain's LLMMathChain. */
export const mathSystemPrompt = `Translate a math problem into an arithmetic expression that Python's numexpr library can evaluate. Use the numbers given in the problem. Reply in exactly this format:

\`\`\`text
<expression>
\`\`\`
...numexpr.evaluate("<expression>")...`;

/**
 * The latency of one search, drawn from a seeded source per (problem, query): every mode of the benchmark sees the
 * same latency for the same search of the same problem.
 */
export function searchLatencyMs(problem, query) {
  const random = new SeededRandom(hashText(`${problem.workload}#${problem.index}#${query}`));
  return searchLatency.medianMs * Math.exp(searchLatency.sigma * random.normal());
}

/**
 * A search tool over the problem's made-up encyclopedia: the first sentence of the article whose title is the query,
 * after a simulated latency.
 */
export function searchTool(problem, timeScale) {
  return {
    name: "search",
    description: "Looks a name or title up in an encyclopedia and returns the first sentence of its article.",
    inputSchema: {
      type: "object",
      properties: { query: { type: "string", description: "The exact name or title to look up." } },
      required: ["query"],
      additionalProperties: false,
    },
    async execute({ query }, context) {
      await sleep(searchLatencyMs(problem, query) * timeScale, undefined, { signal: context.signal });
      return problem.encyclopedia.get(query) ?? `No article is titled ${JSON.stringify(query)}.`;
    },
  };
}

/**
 * A math tool that is itself a model call, as in the LLMCompiler paper: it sends the problem to the model (a real
 * HTTP request to the simulated model server), reads the expression the model wrote and evaluates it.
 */
export function mathTool(server) {
  return {
    name: "math",
    description:
      "Solves a math problem written in words, such as a unit conversion or a sum; the problem must contain the numbers it needs.",
    inputSchema: {
      type: "object",
      properties: { problem: { type: "string", description: "The problem, with every number it needs." } },
      required: ["problem"],
      additionalProperties: false,
    },
    async execute({ problem }, context) {
      const response = await fetch(`${server.openaiBaseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer bench" },
        body: JSON.stringify({
          model: "simulated",
          messages: [
            { role: "system", content: mathSystemPrompt },
            { role: "user", content: problem },
          ],
        }),
        signal: context.signal,
      });
      if (!response.ok)
        throw new Error(`The math model answered ${response.status}: ${await response.text()}`);
      const completion = await response.json();
      const text = completion.choices?.[0]?.message?.content ?? "";
      const expression = /```text\n([\s\S]*?)\n```/.exec(text)?.[1];
      if (expression === undefined) throw new Error(`The math model wrote no expression: ${text}`);
      return formatResult(evaluate(expression));
    },
  };
}

/** A number as the math tool gives it back: one decimal. */
export function formatResult(value) {
  return value.toFixed(1);
}

/** Evaluates an arithmetic expression of numbers, + - * / and parentheses, and nothing else. */
function evaluate(expression) {
  if (!/^[\d.\s+\-*/()]+$/.test(expression)) throw new Error(`Not an arithmetic expression: ${expression}`);
  const value = Function(`"use strict"; return (${expression});`)();
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`${expression} is not a number`);
  return value;
}
