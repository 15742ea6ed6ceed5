import { type PlanItem, PlanParser, type PlanParserOptions } from "../../../src/agent/compiler/index.js";
import type { ToolDescription } from "../../../src/index.js";

/** The tools the plans of these tests call, described as a model would see them. */
export const tools: ToolDescription[] = [
  {
    name: "search",
    description: "Searches the web.",
    inputSchema: {
      type: "object",
      properties: {
        query: { type: "string", description: "What to look for." },
        limit: { type: "integer", default: 5 },
      },
      required: ["query"],
      additionalProperties: false,
    },
  },
  {
    name: "math",
    description: "Solves a math problem written in words.",
    inputSchema: {
      type: "object",
      properties: {
        problem: { type: "string" },
        context: { type: "array", items: { type: "string" } },
      },
      required: ["problem"],
    },
  },
  {
    name: "echo",
    description: "Gives back its input.",
    inputSchema: { type: "object", additionalProperties: true },
  },
];

/** Parses a whole plan at once and returns every item, the last line included. */
export function parseAll(text: string, options: PlanParserOptions = {}): PlanItem[] {
  const parser = new PlanParser(tools, options);
  return [...parser.push(text), ...parser.end()];
}

/** The args of the only call item in `text`, which must hold exactly one. */
export function argsOf(line: string): unknown {
  const calls = parseAll(line).filter((item) => item.kind === "call");
  if (calls.length !== 1)
    throw new Error(`Expected one call from ${line}, got ${JSON.stringify(parseAll(line))}`);
  return calls[0]?.call.args;
}

/** The only problem item in `text`'s items, which must hold exactly one. */
export function problemOf(text: string): Extract<PlanItem, { kind: "problem" }> {
  const problems = parseAll(text).filter((item) => item.kind === "problem");
  const problem = problems[0];
  if (problems.length !== 1 || problem === undefined) {
    throw new Error(`Expected one problem from ${text}, got ${JSON.stringify(parseAll(text))}`);
  }
  return problem;
}
