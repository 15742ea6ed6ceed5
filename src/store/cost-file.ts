import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { EwmaCostModel, type ToolCost } from "./cost-model.js";

const formatVersion = 1;

/**
 * Loads costs learned by earlier runs. A missing or unreadable file gives an empty model: estimates are a hint,
 * never a reason to fail a run.
 */
export async function loadCostModel(path: string): Promise<EwmaCostModel> {
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as {
      version?: number;
      tools?: Record<string, ToolCost>;
    };
    if (parsed.version === formatVersion && typeof parsed.tools === "object" && parsed.tools !== null) {
      return new EwmaCostModel({ initial: parsed.tools });
    }
  } catch {
    // Absent or corrupt: start from nothing.
  }
  return new EwmaCostModel();
}

/** Writes the model atomically (write then rename), so a crash never leaves half a file. */
export async function saveCostModel(path: string, model: EwmaCostModel): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(
    temporary,
    `${JSON.stringify({ version: formatVersion, tools: model.snapshot() }, null, 2)}\n`,
  );
  await rename(temporary, path);
}
