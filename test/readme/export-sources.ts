import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/** Where the build puts what it compiles from where: tsconfig.build.json's `outDir` and `rootDir`, absolute. */
export interface BuildLayout {
  rootDir: string;
  outDir: string;
}

/**
 * The source file behind each module specifier the package exports (`weft`, `weft/openai`…), read from package.json's
 * `exports`: each entry's compiled file (its `types` condition, else the first `.js` it names) is mapped from `outDir`
 * back to `rootDir`. Entries outside `outDir` (`./package.json`) are left out; an entry whose source is missing throws,
 * so that the map cannot drift from the build.
 */
export function exportSources(repositoryRoot: string, layout: BuildLayout): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, unknown>;
  };
  const sources: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const compiled = compiledFile(target);
    if (compiled === undefined) continue;
    const fromOut = relative(layout.outDir, resolve(repositoryRoot, compiled));
    if (fromOut.startsWith("..")) continue;
    const source = join(layout.rootDir, fromOut.replace(/\.d\.[cm]?ts$|\.[cm]?js$/, ".ts"));
    if (!existsSync(source)) {
      throw new Error(
        `package.json exports "${subpath}" as ${compiled}, but its source ${source} does not exist`,
      );
    }
    const specifier = subpath === "." ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, "")}`;
    sources[specifier] = source;
  }
  return sources;
}

/** The declaration file an export entry names, else its first JavaScript file, through any nesting of conditions. */
function compiledFile(target: unknown): string | undefined {
  const files = [...targetFiles(target)];
  return files.find((file) => /\.d\.[cm]?ts$/.test(file)) ?? files.find((file) => /\.[cm]?js$/.test(file));
}

function* targetFiles(target: unknown): Generator<string> {
  if (typeof target === "string") yield target;
  else if (Array.isArray(target)) for (const item of target) yield* targetFiles(item);
  else if (typeof target === "object" && target !== null)
    for (const value of Object.values(target)) yield* targetFiles(value);
}
