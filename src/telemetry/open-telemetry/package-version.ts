import { readFileSync } from "node:fs";

let version: string | undefined;

/**
 * weft's version, for the instrumentation scope of the default tracer and meter. Read from package.json (three
 * folders up from both src/telemetry/open-telemetry and dist/telemetry/open-telemetry), once; undefined if it cannot
 * be read, as in a bundle, which leaves the scope without a version rather than failing.
 */
export function weftVersion(): string | undefined {
  if (version !== undefined) return version || undefined;
  try {
    const manifest = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    version = typeof manifest.version === "string" ? manifest.version : "";
  } catch {
    version = "";
  }
  return version || undefined;
}
