import { readFile } from "node:fs/promises";
import { TraceFileError } from "../../errors/trace-file-error.js";
import type { Timeline } from "../timeline.js";

/**
 * Reads the Timeline of a run from a file: a trace written by `weft run --trace` (a Chrome trace object whose `weft`
 * field holds the Timeline) or a bare Timeline JSON. Throws a TraceFileError naming the file and what is wrong when
 * it is missing, cut short, not JSON, not a weft trace, or of a format version this weft does not read.
 *
 * @example
 * const timeline = await readTimelineFile("trace.json");
 * await writeReportFile("trace.html", timeline);
 */
export async function readTimelineFile(path: string): Promise<Timeline> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new TraceFileError({
      path,
      problem: "unreadable",
      detail: `cannot read the trace: ${reason}.`,
      cause: error,
    });
  }
  return parseTimeline(text, path);
}

/** Parses a trace's text (see readTimelineFile); `path` only names the source in errors. */
export function parseTimeline(text: string, path: string): Timeline {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    const trimmed = text.trim();
    // JSON.parse says "Unexpected end of JSON input" or "Unterminated string" when the text stops mid-document.
    const isTruncated = trimmed === "" || /end of JSON input|Unterminated/i.test(reason);
    const looksLikeJson = trimmed.startsWith("{") || trimmed.startsWith("[");
    throw new TraceFileError({
      path,
      problem: isTruncated ? "truncated" : "not-json",
      detail: isTruncated
        ? `the trace is ${trimmed === "" ? "empty" : "truncated"} (${reason}); write it again with \`weft run --trace\`.`
        : looksLikeJson
          ? `the trace is not valid JSON (${reason}).`
          : "not a JSON file; expected a trace written by `weft run --trace`.",
      cause: error,
    });
  }
  const candidate = isRecord(document) && "weft" in document ? document.weft : document;
  if (!isRecord(candidate) || candidate.format !== "weft-timeline") {
    const isChromeTrace = isRecord(document) && Array.isArray(document.traceEvents);
    throw new TraceFileError({
      path,
      problem: "not-weft",
      detail: isChromeTrace
        ? "a Chrome trace without weft's timeline (no `weft` field); write it with `weft run --trace`."
        : "not a weft trace: expected a trace written by `weft run --trace` or a Timeline with format `weft-timeline`.",
    });
  }
  if (candidate.version !== 1) {
    throw new TraceFileError({
      path,
      problem: "unsupported-version",
      detail: `the timeline's version is ${JSON.stringify(candidate.version)}; this weft reads version 1.`,
    });
  }
  const problem = shapeProblem(candidate);
  if (problem !== undefined) {
    throw new TraceFileError({ path, problem: "not-weft", detail: `the timeline is malformed: ${problem}.` });
  }
  return candidate as unknown as Timeline;
}

/** The first field the report relies on that is missing or of the wrong type, or undefined. */
function shapeProblem(timeline: Record<string, unknown>): string | undefined {
  for (const field of ["makespanMs", "sequentialMs", "lowerBoundMs", "speedup", "nowMs", "lanes"]) {
    if (typeof timeline[field] !== "number") return `\`${field}\` is not a number`;
  }
  if (!Array.isArray(timeline.calls)) return "`calls` is not an array";
  for (const [index, call] of timeline.calls.entries()) {
    if (!isRecord(call) || typeof call.id !== "string" || typeof call.tool !== "string") {
      return `calls[${index}] has no string \`id\` and \`tool\``;
    }
    if (!Array.isArray(call.attempts) || !Array.isArray(call.waits) || !Array.isArray(call.dependencies)) {
      return `calls[${index}] lacks \`attempts\`, \`waits\` or \`dependencies\``;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
