import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** What tsx offers to register its loader in the running thread (`tsx/esm/api`, `tsx/cjs/api`). */
interface TsxApi {
  register(): unknown;
}

const typeScriptFile = /\.(?:ts|mts|cts)$/;

/** The loader weft registers. The variable is a seam for tests that need tsx missing. */
const loaderPackage = (): string => process.env.WEFT_TSX_MODULE ?? "tsx";

let registered: Promise<void> | undefined;

/** Tells whether a file is TypeScript by its extension: `.ts`, `.mts` or `.cts`. */
export function isTypeScriptFile(path: string): boolean {
  return typeScriptFile.test(path);
}

/** Node 22.18 and later strip types by default; Node 20 cannot load TypeScript at all. */
function nodeStripsTypes(): boolean {
  const typescript = (process.features as { typescript?: unknown }).typescript;
  return typeof typescript === "string" && typescript !== "";
}

/** What to do about a TypeScript file that this Node cannot load: the same words for `--tools` and thread tools. */
export function typeScriptLoaderMissing(): string {
  return `it is TypeScript, which Node ${process.version} cannot load by itself: install tsx (\`npm install -D tsx\`) and weft registers it, or use Node 22.18 or later, which strips types`;
}

/**
 * Makes the TypeScript file at `path` importable in this thread: nothing to do for JavaScript or where Node strips
 * types, else tsx's loader is registered once per thread, found beside weft or else beside the file (a project
 * that has tsx as a dev dependency and runs weft through npx). Throws an Error whose message says what to do when
 * tsx cannot be found.
 */
export async function prepareTypeScriptImport(path: string): Promise<void> {
  if (!isTypeScriptFile(path) || nodeStripsTypes()) return;
  registered ??= registerTsx(path);
  try {
    await registered;
  } catch (error) {
    // Installing tsx and trying again must work without a restart.
    registered = undefined;
    throw error;
  }
}

async function registerTsx(path: string): Promise<void> {
  // Both halves: a .ts file in a package without "type": "module" is CommonJS to Node, and loaded by require's
  // loader, which tsx's ESM hooks do not reach.
  const apis = await Promise.all([
    importTsx(`${loaderPackage()}/esm/api`, path),
    importTsx(`${loaderPackage()}/cjs/api`, path),
  ]);
  for (const api of apis) api.register();
}

async function importTsx(specifier: string, path: string): Promise<TsxApi> {
  try {
    return (await import(specifier)) as TsxApi;
  } catch (besideWeft) {
    if (!isNotFound(besideWeft)) throw besideWeft;
    let resolved: string;
    try {
      resolved = createRequire(path).resolve(specifier);
    } catch {
      throw new Error(typeScriptLoaderMissing(), { cause: besideWeft });
    }
    return (await import(pathToFileURL(resolved).href)) as TsxApi;
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}
