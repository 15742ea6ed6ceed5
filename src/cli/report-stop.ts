import { toJsonInvalidDocument } from "../json-output/invalid-document.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode } from "./exit-codes.js";
import { reportCliError } from "./report-error.js";
import { defaultColors } from "./reporter.js";

/**
 * Reports an error that stopped a command before it did its work: on stderr for people, and with `--json` also as
 * the invalid document on stdout when the input was at fault (exit code 2), so that a script always gets JSON to
 * read. Returns the exit code. An unexpected error (exit code 1) prints no document: it says nothing about the input.
 */
export function reportStop(error: unknown, isJson: boolean | undefined, io: CliIo): ExitCode {
  const report = reportCliError(error, io.errorColors ?? defaultColors);
  io.stderr.write(report.text);
  if (isJson === true && report.exitCode === ExitCode.invalid) {
    io.stdout.write(`${JSON.stringify(toJsonInvalidDocument(error), null, 2)}\n`);
  }
  return report.exitCode;
}
