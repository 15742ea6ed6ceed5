import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Timeline } from "../timeline.js";
import { type RenderReportOptions, renderReport } from "./render-report.js";

/**
 * Writes a run's HTML report (see renderReport) to `path`, creating the folder if needed.
 *
 * @example
 * await writeReportFile("out/report.html", await readTimelineFile("trace.json"));
 */
export async function writeReportFile(
  path: string,
  timeline: Timeline,
  options: RenderReportOptions = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderReport(timeline, options));
}
