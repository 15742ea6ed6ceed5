import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.PlanParseError");

/** A plan file that is not valid JSON or YAML. Names the file and, where known, the line and column. */
export class PlanParseError extends WeftError {
  readonly [marker] = true;
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(options: { file: string; line?: number; column?: number; detail: string; cause?: unknown }) {
    const where =
      options.line === undefined ? options.file : `${options.file}:${options.line}:${options.column ?? 1}`;
    super("PLAN_PARSE", `${where}: ${options.detail}`, { cause: options.cause });
    this.name = "PlanParseError";
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
  }

  static override isInstance(error: unknown): error is PlanParseError {
    return hasMarker(error, marker);
  }
}
