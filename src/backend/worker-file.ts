import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The file the pool's threads start from: the built `thread-worker.js` beside this module.
 *
 * When this module runs from its TypeScript source (vitest, tsx), there is no `.js` beside it, and a worker thread
 * cannot load TypeScript without a loader registered in that thread. The threads then start from `dist/`, which
 * `npm run build` writes and the test setup builds before any test runs: the tests exercise the very file users run,
 * and no TypeScript loader (a dev dependency) is needed at run time.
 */
export function threadWorkerFile(): string {
  const isSource = import.meta.url.endsWith(".ts");
  const url = isSource
    ? new URL("../../dist/backend/thread-worker.js", import.meta.url)
    : new URL("./thread-worker.js", import.meta.url);
  const path = fileURLToPath(url);
  if (!existsSync(path)) {
    throw new Error(
      isSource
        ? `The thread backend runs from source and needs the built worker at ${path}: run \`npm run build\` first`
        : `The thread backend's worker file is missing: ${path}`,
    );
  }
  return path;
}
