import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { EwmaCostModel, type ToolCost } from "./cost-model.js";
import { removeStaleTemporaryFiles, temporaryFileOf } from "./stale-temporary-files.js";

const formatVersion = 1;

/** A costs file that was there but could not be used, and where it was put aside. */
export interface CorruptCostFile {
  /** The file as it was asked for. */
  path: string;
  /** Where its content is kept now: `<path>.corrupt-<time>`, beside it. */
  copyPath: string;
  /** What is wrong with it: not JSON (truncated by a killed write, edited by hand), or not a costs file. */
  problem: string;
}

/** Options of loadCostModel. */
export interface LoadCostModelOptions {
  /** Told when the file is there but unusable, after it was put aside; the model then starts from nothing. */
  onCorrupt?: (corrupt: CorruptCostFile) => void;
}

/**
 * Loads costs learned by earlier runs. A missing file gives an empty model, and so does an unusable one (estimates
 * are a hint, never a reason to fail a run), which is first renamed to `<path>.corrupt-<time>` so that nothing is
 * lost and the next run does not stumble on it again; `onCorrupt` says so. Temporary files of killed saves are
 * removed on the way.
 * @example const model = await loadCostModel(".weft/estimates.json", { onCorrupt: ({ copyPath }) => console.warn(copyPath) });
 */
export async function loadCostModel(
  path: string,
  options: LoadCostModelOptions = {},
): Promise<EwmaCostModel> {
  await removeStaleTemporaryFiles(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return new EwmaCostModel();
  }
  let problem = costFileProblem(text);
  if (problem === undefined) {
    try {
      return new EwmaCostModel({ initial: (JSON.parse(text) as { tools: Record<string, ToolCost> }).tools });
    } catch (error) {
      problem = `its costs are not usable (${(error as Error).message})`;
    }
  }
  const copyPath = `${path}.corrupt-${new Date().toISOString().replaceAll(/[:.]/g, "-")}`;
  try {
    await rename(path, copyPath);
  } catch {
    return new EwmaCostModel();
  }
  options.onCorrupt?.({ path, copyPath, problem });
  return new EwmaCostModel();
}

function costFileProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  const { version, tools } = (typeof parsed === "object" && parsed !== null ? parsed : {}) as {
    version?: unknown;
    tools?: unknown;
  };
  if (version !== formatVersion)
    return `not a version ${formatVersion} costs file (version ${String(version)})`;
  if (typeof tools !== "object" || tools === null || Array.isArray(tools))
    return `its "tools" is not an object`;
  return undefined;
}

/**
 * Writes the model atomically (write then rename), so a crash never leaves half a file; the temporary files that
 * killed saves left behind are removed first.
 */
export async function saveCostModel(path: string, model: EwmaCostModel): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await removeStaleTemporaryFiles(path);
  const temporary = temporaryFileOf(path);
  await writeFile(
    temporary,
    `${JSON.stringify({ version: formatVersion, tools: model.snapshot() }, null, 2)}\n`,
  );
  await rename(temporary, path);
}
