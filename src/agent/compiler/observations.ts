/** How a planned call ended, as the joiner and a replanning planner are told. */
export interface ObservedStep {
  index: number;
  tool: string;
  /** The call's arguments as the planner wrote them (`PlannedStep.argsText`). */
  argsText: string;
  /** `not-run`: the run ended before the call started, or it was never added. */
  status: "succeeded" | "failed" | "skipped" | "cancelled" | "not-run";
  output?: unknown;
  errorMessage?: string;
}

export interface FormatObservationsOptions {
  /**
   * The most characters of one output or error shown; the rest is cut, saying how much was left out.
   * @default 2000
   */
  maxOutputChars?: number;
}

/**
 * Writes what each call gave back, one step a line: `1. search("falcon") → {"speed":389}`, or `→ FAILED: …`. Text
 * outputs are written as they are, others as JSON; each is cut at `maxOutputChars`, so that one huge output cannot
 * crowd the others out of the prompt.
 */
export function formatObservations(
  steps: readonly ObservedStep[],
  options: FormatObservationsOptions = {},
): string {
  const maxOutputChars = options.maxOutputChars ?? 2000;
  if (!Number.isInteger(maxOutputChars) || maxOutputChars < 1) {
    throw new RangeError(
      `Expected \`maxOutputChars\` to be a positive integer, got ${String(maxOutputChars)}`,
    );
  }
  return steps
    .map((step) => `${step.index}. ${step.tool}(${step.argsText}) → ${describeOutcome(step, maxOutputChars)}`)
    .join("\n");
}

function describeOutcome(step: ObservedStep, maxOutputChars: number): string {
  const reason = step.errorMessage === undefined ? "" : `: ${truncate(step.errorMessage, maxOutputChars)}`;
  switch (step.status) {
    case "succeeded":
      return truncate(outputText(step.output), maxOutputChars);
    case "failed":
      return `FAILED${reason}`;
    case "skipped":
      return `SKIPPED${reason || ": a call it depends on did not succeed"}`;
    case "cancelled":
      return `CANCELLED${reason}`;
    case "not-run":
      return `NOT RUN${reason}`;
  }
}

function outputText(output: unknown): string {
  if (output === undefined) return "(no output)";
  if (typeof output === "string") return output === "" ? '""' : output;
  try {
    return JSON.stringify(output) ?? String(output);
  } catch {
    // A cycle or a BigInt: String() still says something useful.
    return String(output);
  }
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… [truncated: showing ${maxChars} of ${text.length} characters]`;
}
