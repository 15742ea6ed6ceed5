import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { WeftEvent } from "../events/types.js";
import { type ChromeTraceOptions, toChromeTrace } from "./chrome-trace.js";

/**
 * Writes a run's events to `path` as a Chrome trace (open it in https://ui.perfetto.dev or chrome://tracing).
 * Creates the folder if needed.
 *
 * @example
 * await writeChromeTraceFile("out/trace.json", events);
 */
export async function writeChromeTraceFile(
  path: string,
  events: Iterable<WeftEvent>,
  options: ChromeTraceOptions = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(toChromeTrace(events, options))}\n`);
}
