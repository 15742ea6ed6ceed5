const baseMarker = "weft.error";

const baseSymbol = Symbol.for(baseMarker);

/** Options every weft error takes: its message and the error that caused it. */
export interface WeftErrorOptions {
  cause?: unknown;
}

/**
 * The base of every error weft throws or reports. Each kind has a stable string `code`; match on the code or on
 * `Kind.isInstance(error)`, which works even when two copies of weft are installed side by side.
 */
export class WeftError extends Error {
  readonly [baseSymbol] = true;
  readonly code: string;

  constructor(code: string, message: string, options: WeftErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WeftError";
    this.code = code;
  }

  static isInstance(error: unknown): error is WeftError {
    return hasMarker(error, baseSymbol);
  }

  /** The plain form used in JSON output: the code, the message and the kind's own fields. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== "code" && key !== "message" && key !== "name" && key !== "cause") fields[key] = value;
    }
    return fields;
  }
}

export function hasMarker(error: unknown, marker: symbol): boolean {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
}
