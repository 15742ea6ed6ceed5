import { resolve } from "node:path";
import type { Model } from "../agent/model.js";
import { runAgent } from "../agent/run-agent.js";
import type { AgentResult } from "../agent/types.js";
import { builtinTools } from "../builtin/index.js";
import { ModelError } from "../errors/model-error.js";
import type { Executor } from "../executor/executor.js";
import { roundMs } from "../executor/round-ms.js";
import { type JsonCall, toJsonCall } from "../json-output/run-document.js";
import type { Tool } from "../tool/types.js";
import { type AgentCommandOptions, apiKeyVariables } from "./agent-options.js";
import { AgentReporter } from "./agent-reporter.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode } from "./exit-codes.js";
import { formatDuration } from "./format.js";
import { interruptReason, watchInterrupt } from "./interrupt.js";
import { type OpenedServers, openConfiguredServers } from "./mcp-servers.js";
import { createExecutor } from "./prepare-run.js";
import { reportStop } from "./report-stop.js";
import { defaultColors } from "./reporter.js";
import { defaultConcurrency } from "./run-options.js";
import { selectTools, toolFilter } from "./tool-selection.js";
import { loadToolGroups, mergeToolGroups } from "./tool-sources.js";
import { UsageError } from "./usage-error.js";

/** The document `weft agent --json` prints. Each call has the fields of `weft run --json`, plus its turn. */
export interface JsonAgentDocument {
  answer: string | null;
  status: AgentResult["status"];
  mode: AgentResult["mode"];
  modelCalls: number;
  toolCalls: number;
  makespanMs: number;
  calls: (JsonCall & { turn: number })[];
}

/**
 * `weft agent "<question>"`: answers with a model and the given tools, showing the turns and tool calls live (or one
 * JSON document with `--json`). Exit codes: 0 answered, 1 no answer (the model failed or ran out of turns), 2 invalid
 * command line or tools (with `--json`, stdout has the invalid document), 130 interrupted (SIGINT), 143 stopped by
 * SIGTERM.
 */
export async function agentCommand(
  question: string,
  options: AgentCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  let model: Model;
  let executor: Executor;
  let servers: OpenedServers | undefined;
  try {
    if (question.trim() === "") throw new UsageError({ message: "the question is empty" });
    model = await createModel(options);
    const groups = await loadToolGroups(builtinsFor(options, io.cwd), options.tools ?? [], io.cwd);
    servers = await openConfiguredServers(options, io.cwd);
    executor = createExecutor({
      tools: checkHasTools(
        selectTools(
          mergeToolGroups([...groups, ...servers.groups]).map((sourced) => sourced.tool),
          toolFilter(options, false),
        ),
      ),
      concurrency: options.concurrency ?? defaultConcurrency,
      ...(options.pools === undefined ? {} : { pools: options.pools }),
    });
  } catch (error) {
    await servers?.close();
    return reportStop(error, options.json, io);
  }
  try {
    return await answer(question, options, io, model, executor);
  } finally {
    await servers.close();
  }
}

async function answer(
  question: string,
  options: AgentCommandOptions,
  io: CliIo,
  model: Model,
  executor: Executor,
): Promise<ExitCode> {
  const colors = io.colors ?? defaultColors;
  const errorColors = io.errorColors ?? defaultColors;
  const reporter = options.json || options.quiet ? undefined : new AgentReporter(io.stdout, colors);
  const controller = new AbortController();
  const interrupt = watchInterrupt((signal) => controller.abort(new Error(interruptReason(signal))));
  let result: AgentResult;
  try {
    result = await runAgent({
      model,
      executor,
      prompt: question,
      mode: options.mode,
      ...(options.maxTurns === undefined ? {} : { maxTurns: options.maxTurns }),
      signal: controller.signal,
      ...(reporter === undefined ? {} : { onEvent: (event) => reporter.handle(event) }),
    });
  } catch (error) {
    if (!ModelError.isInstance(error)) throw error;
    io.stderr.write(`${errorColors.red(errorColors.bold("error:"))} ${error.message}\n`);
    return ExitCode.callsFailed;
  } finally {
    interrupt.dispose();
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(toJsonAgentDocument(result), null, 2)}\n`);
  } else {
    if (result.answer !== undefined && !options.quiet) io.stdout.write("\n");
    if (result.answer !== undefined) io.stdout.write(`${colors.bold("Answer:")} ${result.answer}\n`);
    io.stdout.write(formatAgentSummary(result, colors));
  }
  if (interrupt.exitCode !== undefined) return interrupt.exitCode;
  return result.status === "answered" ? ExitCode.success : ExitCode.callsFailed;
}

export function toJsonAgentDocument(result: AgentResult): JsonAgentDocument {
  return {
    answer: result.answer ?? null,
    status: result.status,
    mode: result.mode,
    modelCalls: result.modelCalls,
    toolCalls: result.toolCalls,
    makespanMs: roundMs(result.makespanMs),
    calls: result.calls.map((call) => ({ ...toJsonCall(call), turn: call.turn })),
  };
}

function formatAgentSummary(result: AgentResult, colors: typeof defaultColors): string {
  const failed = result.calls.filter((call) => call.status !== "succeeded").length;
  const parts = [
    `mode ${result.mode}`,
    `${result.modelCalls} model call${result.modelCalls === 1 ? "" : "s"}`,
    `${result.toolCalls} tool call${result.toolCalls === 1 ? "" : "s"}${failed > 0 ? ` (${failed} not succeeded)` : ""}`,
    formatDuration(result.makespanMs),
  ];
  const status =
    result.status === "answered" ? "" : `${colors.yellow(`No answer: ${describeStatus(result.status)}.`)}\n`;
  return `${status}${colors.dim(parts.join(" · "))}\n`;
}

function describeStatus(status: AgentResult["status"]): string {
  switch (status) {
    case "max-turns":
      return "the model used every turn it was allowed (raise --max-turns)";
    case "max-repairs":
      return "the model kept writing tool calls that could not run";
    case "max-replans":
      return "the joiner still asked for a new plan after the last replan";
    case "cancelled":
      return "interrupted";
    default:
      return status;
  }
}

async function createModel(options: AgentCommandOptions): Promise<Model> {
  const variable = apiKeyVariables[options.provider];
  const apiKey = process.env[variable];
  if (apiKey === undefined || apiKey === "") {
    throw new UsageError({
      message: `${variable} is not set: export your ${options.provider === "openai" ? "OpenAI" : "Anthropic"} key (a local server that needs no key accepts any value, such as ${variable}=none)`,
    });
  }
  const baseURL = options.baseUrl;
  if (baseURL !== undefined && !URL.canParse(baseURL)) {
    throw new UsageError({ option: "--base-url", message: `--base-url ${baseURL}: not a URL` });
  }
  const settings = { model: options.model, apiKey, ...(baseURL === undefined ? {} : { baseURL }) };
  if (options.provider === "openai") {
    const { openaiModel } = await import("../adapters/openai/openai-model.js");
    return openaiModel(settings);
  }
  const { anthropicModel } = await import("../adapters/anthropic/anthropic-model.js");
  return anthropicModel(settings);
}

/** `weft agent` offers the built-ins only when asked (`--builtin`): a model should not get a shell by default. */
function builtinsFor(options: AgentCommandOptions, cwd: string): Tool[] {
  return options.builtin === true ? builtinTools({ root: resolve(cwd, options.root ?? ".") }) : [];
}

function checkHasTools(tools: Tool[]): Tool[] {
  if (tools.length === 0) {
    throw new UsageError({
      option: "--tools",
      message:
        "the agent has no tools: give --tools <module> (repeatable), --builtin, or MCP servers in weft.config.json (and check --allow-tools/--deny-tools)",
    });
  }
  return tools;
}
