import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { builtinTools } from "../builtin/index.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { Executor, type ExecutorOptions } from "../executor/executor.js";
import { readPlan } from "../plan/parse-plan.js";
import type { Plan } from "../plan/types.js";
import type { EwmaCostModel } from "../store/cost-model.js";
import { estimatesPath, loadEstimates } from "./estimates.js";
import { type OpenedServers, openConfiguredServers } from "./mcp-servers.js";
import { defaultConcurrency, type RunCommandOptions } from "./run-options.js";
import { selectTools, toolFilter } from "./tool-selection.js";
import { loadToolGroups, mergeToolGroups } from "./tool-sources.js";
import { UsageError } from "./usage-error.js";

/** Everything a run needs, checked before anything runs. */
export interface PreparedRun {
  executor: Executor;
  plan: Plan;
  /** Absent with `--no-estimates`. */
  costModel: EwmaCostModel | undefined;
  estimatesFile: string | undefined;
  /** Said on stderr before the run: the estimates file was corrupt and was put aside. */
  estimatesWarning: string | undefined;
  /** The config's MCP servers, started; the command closes them when it ends. */
  servers: OpenedServers;
}

/**
 * Checks the options, loads the tools (built-in ones rooted at `--root` unless `--no-builtin`, then each `--tools`
 * module, those `--allow-tools`/`--deny-tools` select), reads the plan
 * and the learned estimates, starts the config's MCP servers (last, so that a bad plan starts none) and builds the
 * executor. Throws UsageError, ToolLoadError, PlanParseError, PlanError, ConfigError or McpConnectionError: each
 * means exit code 2, with nothing run and no server left running.
 */
export async function prepareRun(
  planPath: string,
  options: RunCommandOptions,
  cwd: string,
  /** What the executor reports to (the dashboard of `--dashboard`). */
  telemetry?: ExecutorOptions["telemetry"],
): Promise<PreparedRun> {
  const root = await checkDirectory(resolve(cwd, options.root ?? "."), "--root");
  const builtins = options.builtin === false ? [] : builtinTools({ root });
  const groups = await loadToolGroups(builtins, options.tools ?? [], cwd);
  const plan = await readPlan(planPath);
  const estimatesFile = estimatesPath(options.estimates, cwd);
  const { model: costModel, warning: estimatesWarning } = await loadEstimates(estimatesFile);
  const servers = await openConfiguredServers(options, cwd);
  try {
    const executor = createExecutor({
      // A plan that calls a tool left out fails its check as an unknown tool: nothing runs.
      tools: selectTools(
        mergeToolGroups([...groups, ...servers.groups]).map((sourced) => sourced.tool),
        toolFilter(options, false),
      ),
      concurrency: options.concurrency ?? defaultConcurrency,
      failurePolicy: options.failFast ? "fail-fast" : "continue",
      ...(costModel === undefined ? {} : { costModel }),
      ...(options.pools === undefined ? {} : { pools: options.pools }),
      ...(telemetry === undefined ? {} : { telemetry }),
    });
    return { executor, plan, costModel, estimatesFile, estimatesWarning, servers };
  } catch (error) {
    await servers.close();
    throw error;
  }
}

async function checkDirectory(path: string, option: string): Promise<string> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch {
    throw new UsageError({ option, message: `${option} ${path}: no such directory` });
  }
  if (!isDirectory) throw new UsageError({ option, message: `${option} ${path}: not a directory` });
  return path;
}

/**
 * Builds the executor of a command. The executor checks its tools against its options (a tool that `uses` a pool
 * `--pools` does not name, a demand larger than the pool): a mistake on the command line or in a tools module, said
 * in one line, not a crash.
 */
export function createExecutor(options: ExecutorOptions): Executor {
  try {
    return new Executor(options);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError || InvalidOptionError.isInstance(error)) {
      throw new UsageError({ message: error.message, cause: error });
    }
    throw error;
  }
}
