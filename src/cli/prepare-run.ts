import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { builtinTools } from "../builtin/index.js";
import { Executor, type ExecutorOptions } from "../executor/executor.js";
import { readPlan } from "../plan/parse-plan.js";
import type { Plan } from "../plan/types.js";
import type { EwmaCostModel } from "../store/cost-model.js";
import { estimatesPath, loadEstimates } from "./estimates.js";
import { loadToolModules } from "./load-tools.js";
import { defaultConcurrency, type RunCommandOptions } from "./run-options.js";
import { UsageError } from "./usage-error.js";

/** Everything a run needs, checked before anything runs. */
export interface PreparedRun {
  executor: Executor;
  plan: Plan;
  /** Absent with `--no-estimates`. */
  costModel: EwmaCostModel | undefined;
  estimatesFile: string | undefined;
}

/**
 * Checks the options, loads the tools (built-in ones rooted at `--root`, then each `--tools` module), reads the plan
 * and the learned estimates, and builds the executor. Throws UsageError, ToolLoadError, PlanParseError or PlanError:
 * each means exit code 2, with nothing run.
 */
export async function prepareRun(
  planPath: string,
  options: RunCommandOptions,
  cwd: string,
): Promise<PreparedRun> {
  const root = await checkDirectory(resolve(cwd, options.root ?? "."), "--root");
  const builtins = builtinTools({ root });
  const builtinNames = new Map(builtins.map((tool) => [tool.name, "a built-in tool"]));
  const loaded = await loadToolModules(options.tools ?? [], cwd, builtinNames);
  const plan = await readPlan(planPath);
  const estimatesFile = estimatesPath(options.estimates, cwd);
  const costModel = await loadEstimates(estimatesFile);
  const executor = createExecutor({
    tools: [...builtins, ...loaded],
    concurrency: options.concurrency ?? defaultConcurrency,
    failurePolicy: options.failFast ? "fail-fast" : "continue",
    ...(costModel === undefined ? {} : { costModel }),
    ...(options.pools === undefined ? {} : { pools: options.pools }),
  });
  return { executor, plan, costModel, estimatesFile };
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
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new UsageError({ message: error.message, cause: error });
    }
    throw error;
  }
}
