import { hasMarker, WeftError } from "../errors/weft-error.js";

const marker = Symbol.for("weft.error.UsageError");

/** The command line asks for something that cannot be done: a bad option value, a folder that does not exist. */
export class UsageError extends WeftError {
  readonly [marker] = true;
  /** The option at fault, as written on the command line (`--root`). */
  readonly option: string | undefined;

  constructor(options: { message: string; option?: string; cause?: unknown }) {
    super("CLI_USAGE", options.message, { cause: options.cause });
    this.name = "UsageError";
    this.option = options.option;
  }

  static override isInstance(error: unknown): error is UsageError {
    return hasMarker(error, marker);
  }
}
