import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Not an import: see src/runtime/lazy-require.ts.
const fs = () => process.getBuiltinModule("node:fs");

interface PackageManifest {
  name?: unknown;
  version?: unknown;
}

let found: { root: string; manifest: PackageManifest } | undefined;

/**
 * weft's own folder (the one holding its package.json) and its manifest, found by walking up from this module, once.
 *
 * The module runs from its source (src/runtime), from the bundled entries (dist/, dist/cli) and from the chunks they
 * share (dist/chunks), so no fixed relative path reaches the package's files from all of them.
 */
function locate(): { root: string; manifest: PackageManifest } {
  if (found !== undefined) return found;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(folder, "package.json");
    if (fs().existsSync(file)) {
      const manifest = readManifest(file);
      if (manifest?.name === "weft") {
        found = { root: folder, manifest };
        return found;
      }
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`weft's package.json was not found above ${import.meta.url}`);
    folder = parent;
  }
}

/** A package.json's fields; undefined for one that is not JSON, which cannot be weft's and is walked past. */
function readManifest(file: string): PackageManifest | undefined {
  try {
    return JSON.parse(fs().readFileSync(file, "utf8")) as PackageManifest;
  } catch {
    return undefined;
  }
}

/** The absolute path of weft's package folder: the repository when run from source, the installed package otherwise. */
export function packageRoot(): string {
  return locate().root;
}

/** weft's version, from its package.json, so that it can never drift from the package. */
export function packageVersion(): string {
  const version = locate().manifest.version;
  return typeof version === "string" ? version : "0.0.0";
}
