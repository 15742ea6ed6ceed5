import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));

/**
 * Builds dist/ once before the tests, as `npm run build` does, so that the CLI tests can spawn bin/weft.js as users do.
 * Type errors do not stop the tests (`npm run typecheck` reports them); a build that emits no CLI does.
 */
export default async function setup(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ["scripts/build.js", "--allow-type-errors"], {
      cwd: repositoryRoot,
    });
  } catch (error) {
    const output = (error as { stderr?: string }).stderr ?? String(error);
    process.stderr.write(`global-setup: scripts/build.js failed:\n${output}\n`);
  }
  if (!existsSync(new URL("../dist/cli/main.js", import.meta.url))) {
    throw new Error("global-setup: the build produced no dist/cli/main.js; the CLI tests cannot run");
  }
}
