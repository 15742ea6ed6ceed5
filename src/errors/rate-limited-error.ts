import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.RateLimitedError");

/** Options of `new RateLimitedError()`. */
export interface RateLimitedErrorOptions {
  /**
   * How long the service asked to be left alone, in ms (its `Retry-After`). Leave it out when the service did not say:
   * weft then waits `defaultRetryAfterMs`.
   */
  retryAfterMs?: number;
  /** The rate-limit key that was throttled. A tool leaves it out; weft sets it on the errors it reports. */
  key?: string;
  message?: string;
  cause?: unknown;
}

/** The wait after a throttle whose error gives no `retryAfterMs`. */
export const defaultRetryAfterMs = 1000;

/**
 * A tool was throttled by the service it calls (an HTTP 429, a quota error). Throw it from `execute` to say so: the
 * call is retried once the wait is over, without using one of its retry attempts (the service refused the request, so
 * it did not run), and every call of the tool's `rateLimit` key waits with it. A call throttled more than its
 * `rateLimit.maxThrottles` times fails with this error.
 *
 * @example
 * if (response.status === 429) {
 *   throw new RateLimitedError({ retryAfterMs: Number(response.headers.get("retry-after") ?? 1) * 1000 });
 * }
 */
export class RateLimitedError extends WeftError {
  readonly [marker] = true;
  readonly retryAfterMs: number | undefined;
  readonly key: string | undefined;

  constructor(options: RateLimitedErrorOptions = {}) {
    const { retryAfterMs, key } = options;
    if (retryAfterMs !== undefined && !(Number.isFinite(retryAfterMs) && retryAfterMs >= 0)) {
      throw new RangeError(
        `Expected \`retryAfterMs\` to be a finite number ≥ 0, got ${String(retryAfterMs)} (${typeof retryAfterMs})`,
      );
    }
    const wait = retryAfterMs === undefined ? "" : `; retry after ${retryAfterMs} ms`;
    super("RATE_LIMITED", options.message ?? `The service is rate limited${wait}`, { cause: options.cause });
    this.name = "RateLimitedError";
    this.retryAfterMs = retryAfterMs;
    this.key = key;
  }

  static override isInstance(error: unknown): error is RateLimitedError {
    return hasMarker(error, marker);
  }
}
