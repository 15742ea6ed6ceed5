import type { CliIo } from "./cli-io.js";
import { LineReporter } from "./line-reporter.js";
import { ProgressView } from "./progress-view.js";
import { type Colors, type Reporter, silentReporter } from "./reporter.js";
import type { RunCommandOptions } from "./run-options.js";

/**
 * Picks how a run is shown while it happens: a live view on a terminal, plain lines otherwise, nothing with
 * `--quiet`. With `--json`, stdout holds only the document, so the live view goes to stderr when that is a terminal.
 */
export function chooseReporter(
  options: Pick<RunCommandOptions, "json" | "quiet">,
  io: CliIo,
  colors: Colors,
  errorColors: Colors,
  now: () => number,
): Reporter {
  if (options.quiet) return silentReporter;
  if (options.json) {
    return io.stderr.isTTY === true ? new ProgressView(io.stderr, errorColors, { now }) : silentReporter;
  }
  return io.stdout.isTTY === true
    ? new ProgressView(io.stdout, colors, { now })
    : new LineReporter(io.stdout, colors);
}
