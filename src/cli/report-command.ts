import { resolve } from "node:path";
import { TraceFileError } from "../errors/trace-file-error.js";
import { readTimelineFile } from "../telemetry/report/read-timeline-file.js";
import { writeReportFile } from "../telemetry/report/write-report-file.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode } from "./exit-codes.js";
import { defaultColors } from "./reporter.js";

/** The options of `weft report`, as the command line gives them. */
export interface ReportCommandOptions {
  /** `-o, --output <file>`: where the HTML goes. @default the trace's path with `.html` */
  output?: string;
}

/**
 * `weft report <trace.json>`: reads a trace written by `weft run --trace` (or a bare Timeline) and writes the run's
 * self-contained HTML report, then prints its path. A file that is missing, cut short or not a weft trace gives one
 * line on stderr and exit code 2; a report that cannot be written, exit code 1.
 */
export async function reportCommand(
  tracePath: string,
  options: ReportCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const errorColors = io.errorColors ?? defaultColors;
  const fail = (message: string, exitCode: ExitCode): ExitCode => {
    io.stderr.write(`${errorColors.red(errorColors.bold("error:"))} ${message}\n`);
    return exitCode;
  };
  const inputPath = resolve(io.cwd, tracePath);
  const outputPath = resolve(io.cwd, options.output ?? defaultReportPath(tracePath));
  if (outputPath === inputPath) {
    return fail(
      `the report would overwrite its own trace ${tracePath}; choose another --output.`,
      ExitCode.invalid,
    );
  }
  let timeline: Awaited<ReturnType<typeof readTimelineFile>>;
  try {
    timeline = await readTimelineFile(inputPath);
  } catch (error) {
    if (TraceFileError.isInstance(error)) {
      // The message starts with the absolute path; the user typed the relative one.
      return fail(error.message.replace(inputPath, tracePath), ExitCode.invalid);
    }
    throw error;
  }
  try {
    await writeReportFile(outputPath, timeline);
  } catch (error) {
    return fail(
      `could not write the report to ${outputPath}: ${(error as Error).message}`,
      ExitCode.callsFailed,
    );
  }
  io.stdout.write(`${outputPath}\n`);
  return ExitCode.success;
}

/** `trace.json` → `trace.html`; a name without `.json` gets `.html` added. */
export function defaultReportPath(tracePath: string): string {
  return /\.json$/i.test(tracePath) ? tracePath.replace(/\.json$/i, ".html") : `${tracePath}.html`;
}
