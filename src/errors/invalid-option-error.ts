import { describeBriefly } from "../tool/describe-value.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.InvalidOptionError");

/**
 * An option given to weft's API is not one it accepts. Thrown up front, by the call that received it, before anything
 * started. The message names where, the option, what it must be and what it got, always in that one style:
 * `new Executor: options.concurrency must be a whole number of 1 or more, got 0`.
 *
 * @example
 * try { new Executor({ concurrency: 0 }); }
 * catch (error) { if (InvalidOptionError.isInstance(error)) console.error(error.option, error.expected); }
 */
export class InvalidOptionError extends WeftError {
  readonly [marker] = true;
  /** The API that refused the option: `new Executor`, `executor.run`. */
  readonly where: string;
  /** The option as its caller wrote it: `options.concurrency`. */
  readonly option: string;
  /**
   * The value received, described for a message: a number or a short string as written, other values by their kind.
   * Never the value itself, which may be large, circular or secret.
   */
  readonly value: string;
  /** What the option accepts: `a whole number of 1 or more`. */
  readonly expected: string;

  constructor(options: { where: string; option: string; value: unknown; expected: string; cause?: unknown }) {
    const value = describeBriefly(options.value);
    super("INVALID_OPTION", `${options.where}: ${options.option} must be ${options.expected}, got ${value}`, {
      cause: options.cause,
    });
    this.name = "InvalidOptionError";
    this.where = options.where;
    this.option = options.option;
    this.value = value;
    this.expected = options.expected;
  }

  static override isInstance(error: unknown): error is InvalidOptionError {
    return hasMarker(error, marker);
  }
}
