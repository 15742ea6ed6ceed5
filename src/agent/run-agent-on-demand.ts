import type { AgentResult, RunAgentOptions } from "./types.js";

/**
 * Answers a prompt with a model and tools, running the tool calls through weft: in parallel, each started the moment
 * its arguments have streamed in, or planned up front as a DAG in `compiler` mode.
 *
 * Bad model output (arguments that are not JSON, an unknown tool, arguments that fail the schema, a plan line that
 * cannot be parsed) never throws: it goes back to the model as an error it can repair, a bounded number of times.
 * Only a model that cannot be reached or refuses the request rejects, with a ModelError.
 *
 * The agent's code (its loops, the planner's parser and prompts) loads with the first call, so that `import "weft"`
 * stays fast for programs that only run plans.
 *
 * @example
 * const result = await runAgent({
 *   model: openaiModel({ model: "gpt-4.1-mini" }),
 *   tools: [search, math],
 *   prompt: "How much faster is a falcon than a cheetah?",
 *   mode: "compiler",
 * });
 * console.log(result.answer, result.makespanMs);
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentResult> {
  const implementation = await import("./run-agent.js");
  return implementation.runAgent(options);
}
