import { join } from "node:path";
import { packageRoot } from "../runtime/package-root.js";

/**
 * The file the pool's threads start from: the built `dist/backend/thread-worker.js` of weft's package.
 *
 * When weft runs from its TypeScript source (vitest, tsx), a worker thread cannot load TypeScript without a loader
 * registered in that thread, so the threads start from `dist/` all the same, which `npm run build` writes and the test
 * setup builds before any test runs: the tests exercise the very file users run, and no TypeScript loader (a dev
 * dependency) is needed at run time.
 */
export function threadWorkerFile(): string {
  const path = join(packageRoot(), "dist", "backend", "thread-worker.js");
  if (!process.getBuiltinModule("node:fs").existsSync(path)) {
    throw new Error(
      import.meta.url.endsWith(".ts")
        ? `The thread backend runs from source and needs the built worker at ${path}: run \`npm run build\` first`
        : `The thread backend's worker file is missing: ${path}`,
    );
  }
  return path;
}
