import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { type CallResult, Executor, type RunOptions, type Tool } from "../../src/index.js";

/** Runs one call of `tool` and returns how it ended. */
export async function runOne(
  tool: Tool,
  args: unknown,
  options: RunOptions = {},
): Promise<CallResult & { executor: Executor }> {
  const executor = new Executor({ tools: [tool] });
  const result = await executor.run({ calls: [{ id: "call", tool: tool.name, args }] }, options).result();
  const call = result.calls[0];
  if (call === undefined) throw new Error("the run returned no call");
  return { ...call, executor };
}

/**
 * Makes a fresh directory under the system's temporary directory, removed after the test. Returns its real path, so
 * that comparisons hold where the temporary directory is itself behind a symbolic link (macOS).
 */
export function useTemporaryDirectories(): (prefix?: string) => Promise<string> {
  const created: string[] = [];
  afterEach(async () => {
    await Promise.all(created.splice(0).map((path) => rm(path, { recursive: true, force: true })));
  });
  return async (prefix = "weft-builtin-") => {
    const path = await realpath(await mkdtemp(join(tmpdir(), prefix)));
    created.push(path);
    return path;
  };
}
