import type { CallResult, RunResult } from "../events/run-result.js";
import { firstLine, formatDuration, padEnd, padStart } from "./format.js";
import type { Colors } from "./reporter.js";
import { toolStats } from "./tool-stats.js";

/** The most failed calls listed one by one; the rest are counted. */
const maxListedFailures = 20;

/**
 * Below this one-by-one sum, a speedup measures weft's own overhead and the timer's grain, not parallelism: a plan
 * of sub-millisecond calls shows "0.4×" for no fault of anyone. A speedup is headlined only for a run whose calls
 * that ran took at least this long one by one, and of which at least two ran (one call has nothing to overlap).
 */
export const minMeasurableSequentialMs = 5;

/**
 * The account of a finished run: its outcome, makespan, the sequential sum (what running the calls one by one would
 * have cost) and the speedup, the critical path, per-tool counts and durations, and the calls that did not succeed.
 */
export function formatSummary(result: RunResult, colors: Colors): string {
  const lines = [headline(result, colors), ""];
  const label = (text: string): string => colors.dim(padEnd(text, 15));
  lines.push(`  ${label("makespan")}${formatDuration(result.makespanMs)}`);
  lines.push(`  ${label("sequential")}${sequentialText(result, colors)}`);
  if (result.criticalPath.length > 0) {
    lines.push(
      `  ${label("critical path")}${formatDuration(result.criticalPathMs)}  ${result.criticalPath.join(colors.dim(" → "))}`,
    );
  }
  lines.push("", ...toolTable(result, colors));
  const failures = result.calls.filter((call) => call.status !== "succeeded");
  if (failures.length > 0) {
    lines.push("", `  ${colors.bold("Did not succeed:")}`);
    for (const call of failures.slice(0, maxListedFailures)) lines.push(`  ${failureLine(call, colors)}`);
    if (failures.length > maxListedFailures) {
      lines.push(colors.dim(`  … and ${failures.length - maxListedFailures} more`));
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The one-by-one cost and the speedup over it, or what is known instead: that no call ran (a run that failed or was
 * cancelled before any started), that one call ran, or that the run was too short to measure.
 */
function sequentialText(result: RunResult, colors: Colors): string {
  const ran = result.calls.filter((call) => call.attempts > 0).length;
  if (ran === 0) return colors.dim("no call ran");
  const ofWhich = ran < result.calls.length ? ` ${colors.dim(`(the ${ran} calls that ran)`)}` : "";
  const sequential = `${formatDuration(result.sequentialMs)}${ran === 1 ? "" : ofWhich}`;
  if (ran === 1) return `${sequential}  ${colors.dim("one call ran: nothing to run in parallel")}`;
  if (result.sequentialMs < minMeasurableSequentialMs) {
    return `${sequential}  ${colors.dim("too short to measure a speedup")}`;
  }
  return `${sequential}  ${colors.dim("speedup")} ${colors.bold(`${result.speedup.toFixed(2)}×`)} ${colors.dim("over running the calls one by one")}`;
}

function headline(result: RunResult, colors: Colors): string {
  const counts = new Map<string, number>();
  for (const call of result.calls) counts.set(call.status, (counts.get(call.status) ?? 0) + 1);
  const tally = ["succeeded", "failed", "skipped", "cancelled"]
    .filter((status) => counts.has(status))
    .map((status) => `${counts.get(status)} ${status}`)
    .join(", ");
  const total = `${result.calls.length} call${result.calls.length === 1 ? "" : "s"}`;
  const outcome =
    result.status === "succeeded"
      ? colors.green("✓ Run succeeded")
      : result.status === "cancelled"
        ? colors.yellow("■ Run cancelled")
        : colors.red("✗ Run failed");
  return `${colors.bold(outcome)}: ${total} (${tally}) in ${formatDuration(result.makespanMs)}`;
}

function toolTable(result: RunResult, colors: Colors): string[] {
  const stats = toolStats(result.calls);
  const toolWidth = Math.max(4, ...stats.map((entry) => entry.tool.length));
  const header = `  ${padEnd("tool", toolWidth)}  ${padStart("calls", 5)}  ${padStart("failed", 6)}  ${padStart("p50", 8)}  ${padStart("max", 8)}`;
  const rows = stats.map(
    (entry) =>
      `  ${padEnd(entry.tool, toolWidth)}  ${padStart(String(entry.calls), 5)}  ${padStart(String(entry.failed), 6)}  ${padStart(entry.p50Ms === undefined ? "–" : formatDuration(entry.p50Ms), 8)}  ${padStart(entry.maxMs === undefined ? "–" : formatDuration(entry.maxMs), 8)}`,
  );
  return [colors.dim(header), ...rows];
}

function failureLine(call: CallResult, colors: Colors): string {
  const symbol = call.status === "failed" ? colors.red("✗") : colors.yellow("-");
  const code = call.error?.code ?? call.status.toUpperCase();
  const message = call.error === undefined ? call.status : firstLine(call.error.message);
  return `${symbol} ${call.id} ${colors.dim(call.tool)} ${colors.bold(code)} ${message}`;
}
