import { hasMarker, WeftError } from "../errors/weft-error.js";

const marker = Symbol.for("weft.error.ConfigError");

/**
 * A `weft.config.*` file that cannot be used: unreadable, not valid JSON or YAML, or a field of the wrong shape.
 * Names the file, the line and column where known, and the field at fault (`mcpServers.filesystem.args`).
 */
export class ConfigError extends WeftError {
  readonly [marker] = true;
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The path of the field at fault, such as `mcpServers.filesystem.command`. */
  readonly field: string | undefined;

  constructor(options: {
    file: string;
    detail: string;
    line?: number;
    column?: number;
    field?: string;
    cause?: unknown;
  }) {
    const where =
      options.line === undefined ? options.file : `${options.file}:${options.line}:${options.column ?? 1}`;
    super("CONFIG_INVALID", `${where}: ${options.detail}`, { cause: options.cause });
    this.name = "ConfigError";
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.field = options.field;
  }

  static override isInstance(error: unknown): error is ConfigError {
    return hasMarker(error, marker);
  }
}
