import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ConfigError } from "./config-error.js";
import { parseConfig, type WeftConfig } from "./parse-config.js";

/** The file names looked for in the working directory, first found wins. */
export const configFileNames = ["weft.config.json", "weft.config.yaml", "weft.config.yml"] as const;

/**
 * Reads the config: `explicitPath` when given (it must exist), else the first of `configFileNames` in `cwd`, else
 * none (undefined). Throws ConfigError for a file that cannot be read or checked.
 */
export async function loadConfig(
  explicitPath: string | undefined,
  cwd: string,
): Promise<WeftConfig | undefined> {
  if (explicitPath !== undefined) {
    const file = resolve(cwd, explicitPath);
    const text = await readText(file);
    if (text === undefined) throw new ConfigError({ file, detail: "no such file" });
    return parseConfig(text, file);
  }
  for (const name of configFileNames) {
    const file = join(cwd, name);
    const text = await readText(file);
    if (text !== undefined) return parseConfig(text, file);
  }
  return undefined;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError({ file, detail: `cannot read it: ${(error as Error).message}`, cause: error });
  }
}
