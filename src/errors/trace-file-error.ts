import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.TraceFileError");

/** What is wrong with a trace file that `weft report` was asked to read. */
export type TraceFileProblem = "unreadable" | "truncated" | "not-json" | "not-weft" | "unsupported-version";

/**
 * A trace file that cannot be drawn: it cannot be read, it is cut short, it is not JSON, it holds no weft Timeline
 * (a plain Chrome trace, say), or its Timeline has a format or version this weft does not know. The message names the
 * file and what is wrong.
 */
export class TraceFileError extends WeftError {
  readonly [marker] = true;
  /** The file, as it was given. */
  readonly path: string;
  readonly problem: TraceFileProblem;

  constructor(options: { path: string; problem: TraceFileProblem; detail: string; cause?: unknown }) {
    super("TRACE_FILE_INVALID", `${options.path}: ${options.detail}`, { cause: options.cause });
    this.name = "TraceFileError";
    this.path = options.path;
    this.problem = options.problem;
  }

  static override isInstance(error: unknown): error is TraceFileError {
    return hasMarker(error, marker);
  }
}
