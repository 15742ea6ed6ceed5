import { ModelError } from "../errors/model-error.js";
import { Executor } from "../executor/executor.js";
import { roundMs } from "../executor/round-ms.js";
import { AgentSession } from "./agent-session.js";
import { runCompilerLoop } from "./compiler-loop.js";
import { runToolCallingLoop } from "./tool-calling-loop.js";
import type { AgentMode, AgentResult, AgentStatus, RunAgentOptions } from "./types.js";

const modes: readonly AgentMode[] = ["sequential", "parallel", "compiler"];

/** What `runAgent` does, loaded with its first call (see run-agent-on-demand.ts). */
export async function runAgent(options: RunAgentOptions): Promise<AgentResult> {
  const mode = checkOptions(options);
  const executor = options.executor ?? new Executor({ tools: options.tools ?? [] });
  const session = new AgentSession({
    model: options.model,
    executor,
    mode,
    maxTurns: options.maxTurns ?? 10,
    signal: options.signal,
    onEvent: options.onEvent,
  });
  let outcome: { answer: string | undefined; status: AgentStatus };
  try {
    outcome =
      mode === "compiler"
        ? await runCompilerLoop(session, {
            prompt: options.prompt,
            dispatch: options.dispatch ?? "streaming",
            maxReplans: options.maxReplans ?? 2,
          })
        : await runToolCallingLoop(session, {
            prompt: options.prompt,
            system: options.system,
            isParallel: mode === "parallel",
            dispatch: options.dispatch ?? "streaming",
            maxRepairs: options.maxRepairs ?? 2,
          });
  } catch (error) {
    if (!(session.isCancelled && ModelError.isInstance(error))) throw error;
    outcome = { answer: undefined, status: "cancelled" };
  }
  if (outcome.status === "answered" && outcome.answer !== undefined && mode === "compiler") {
    session.messages.push({ role: "assistant", content: outcome.answer, toolCalls: [] });
  }
  session.finish(outcome.answer, outcome.status);
  return {
    answer: outcome.answer,
    status: outcome.status,
    mode,
    modelCalls: session.modelCalls,
    toolCalls: session.toolCalls,
    makespanMs: roundMs(session.now()),
    calls: session.calls,
    messages: session.messages,
  };
}

function checkOptions(options: RunAgentOptions): AgentMode {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Expected agent options to be an object, got ${typeof options}`);
  }
  const model = options.model as unknown;
  if (
    typeof model !== "object" ||
    model === null ||
    typeof (model as { stream?: unknown }).stream !== "function"
  ) {
    throw new TypeError(
      "Expected `model` to be a model, such as openaiModel({ model }) or anthropicModel({ model }), with a stream() method",
    );
  }
  if (typeof options.prompt !== "string" || options.prompt.trim() === "") {
    throw new TypeError(
      `Expected \`prompt\` to be a non-empty string, got ${JSON.stringify(options.prompt)}`,
    );
  }
  if (options.tools !== undefined && options.executor !== undefined) {
    throw new TypeError("Give either `tools` or `executor`, not both: register the tools on the executor");
  }
  const mode = options.mode ?? "parallel";
  if (!modes.includes(mode)) {
    throw new TypeError(`Expected \`mode\` to be one of ${modes.join(", ")}, got ${JSON.stringify(mode)}`);
  }
  for (const [name, minimum] of [
    ["maxTurns", 1],
    ["maxRepairs", 0],
    ["maxReplans", 0],
  ] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= minimum)) {
      throw new RangeError(
        `Expected \`${name}\` to be an integer of at least ${minimum}, got ${JSON.stringify(value)}`,
      );
    }
  }
  if (
    options.dispatch !== undefined &&
    options.dispatch !== "streaming" &&
    options.dispatch !== "end-of-turn"
  ) {
    throw new TypeError(
      `Expected \`dispatch\` to be "streaming" or "end-of-turn", got ${JSON.stringify(options.dispatch)}`,
    );
  }
  return mode;
}
