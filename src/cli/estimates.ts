import { join, resolve } from "node:path";
import { loadCostModel, saveCostModel } from "../store/cost-file.js";
import type { EwmaCostModel } from "../store/cost-model.js";

/** Where learned durations are kept between runs when `--estimates` is not given. */
export const defaultEstimatesPath = join(".weft", "estimates.json");

/**
 * The estimates file a run reads and writes: `--estimates <file>`, `.weft/estimates.json` under `cwd` by default, or
 * none with `--no-estimates`.
 */
export function estimatesPath(option: string | boolean | undefined, cwd: string): string | undefined {
  if (option === false) return undefined;
  return resolve(cwd, typeof option === "string" ? option : defaultEstimatesPath);
}

/** The learned durations a run starts from, and a warning for the user when the file had to be put aside. */
export interface LoadedEstimates {
  model: EwmaCostModel | undefined;
  warning: string | undefined;
}

/**
 * Learned durations from earlier runs. An absent file gives an empty model; so does a corrupt one (truncated by a
 * killed write, edited by hand), which is kept beside it as `<file>.corrupt-<time>` and said once in `warning`.
 */
export async function loadEstimates(path: string | undefined): Promise<LoadedEstimates> {
  if (path === undefined) return { model: undefined, warning: undefined };
  let warning: string | undefined;
  const model = await loadCostModel(path, {
    onCorrupt: ({ copyPath, problem }) => {
      warning = `the estimates file ${path} is ${problem}: kept it as ${copyPath} and started from no estimates`;
    },
  });
  return { model, warning };
}

/**
 * Saves what this run learned, so that the next run of the workload ranks its calls better. Returns a warning
 * instead of throwing: a file that cannot be written must not fail a run that succeeded.
 */
export async function saveEstimates(
  path: string | undefined,
  model: EwmaCostModel | undefined,
): Promise<string | undefined> {
  if (path === undefined || model === undefined) return undefined;
  try {
    await saveCostModel(path, model);
    return undefined;
  } catch (error) {
    return `could not save estimates to ${path}: ${(error as Error).message}`;
  }
}
