import type { CallEndEvent, CallRetryEvent } from "../events/types.js";
import { firstLine, formatDuration } from "./format.js";
import type { Colors } from "./reporter.js";

/**
 * One line for a call that ended: `✓ id tool 12ms` when it succeeded, `✗ id tool CODE message` when it failed, and
 * `- id tool CODE message` when it was skipped or cancelled.
 */
export function formatCallEnd(event: CallEndEvent, colors: Colors): string {
  if (event.status === "succeeded") {
    const note = event.isCached ? " (cached)" : event.isDeduplicated ? " (shared)" : "";
    const retries = event.attempts > 1 ? ` after ${event.attempts} attempts` : "";
    return `${colors.green("✓")} ${event.callId} ${colors.dim(event.tool)} ${formatDuration(event.durationMs)}${colors.dim(note + retries)}`;
  }
  const symbol = event.status === "failed" ? colors.red("✗") : colors.yellow("-");
  const code = event.error?.code ?? event.status.toUpperCase();
  const message = event.error === undefined ? event.status : firstLine(event.error.message);
  return `${symbol} ${event.callId} ${colors.dim(event.tool)} ${colors.bold(code)} ${message}`;
}

/** One line for an attempt that failed and will be tried again. */
export function formatCallRetry(event: CallRetryEvent, colors: Colors): string {
  return `${colors.yellow("↻")} ${event.callId} ${colors.dim(event.tool)} attempt ${event.attempt} failed: ${colors.bold(event.error.code)} ${firstLine(event.error.message)}; retrying in ${formatDuration(event.delayMs)}`;
}
