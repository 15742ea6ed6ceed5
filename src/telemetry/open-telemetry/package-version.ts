import { packageVersion } from "../../runtime/package-root.js";

/**
 * weft's version, for the instrumentation scope of the default tracer and meter; undefined if package.json cannot be
 * read (as when weft is bundled into an application), which leaves the scope without a version rather than failing.
 */
export function weftVersion(): string | undefined {
  try {
    return packageVersion();
  } catch {
    return undefined;
  }
}
