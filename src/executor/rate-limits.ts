import { RateLimitAdmission } from "../scheduler/rate-limit-admission.js";
import { SlidingWindowRateLimiter } from "../scheduler/sliding-window-rate-limiter.js";
import type { ResolvedRateLimit } from "../tool/rate-limit.js";

interface Declared {
  rateLimit: ResolvedRateLimit;
  toolName: string;
  admission: RateLimitAdmission | undefined;
}

/**
 * The rate-limit keys of one scope (the executor, or one run's policy overrides): one limiter per key, shared by every
 * tool that names the key. Tools that share a key must declare the same rate; a second rate is an error when the tool
 * is registered, not a limiter silently picked.
 */
export class RateLimits {
  readonly #byKey = new Map<string, Declared>();

  /** Checks a tool's rate limit against the others of its key. Throws a TypeError naming both tools. */
  declare(toolName: string, rateLimit: ResolvedRateLimit): void {
    const declared = this.#byKey.get(rateLimit.key);
    if (declared === undefined) {
      this.#byKey.set(rateLimit.key, { rateLimit, toolName, admission: undefined });
      return;
    }
    const first = declared.rateLimit;
    if (first.requests === rateLimit.requests && first.perMs === rateLimit.perMs) return;
    throw new TypeError(
      `Tool "${toolName}": \`rateLimit\` key "${rateLimit.key}" is already limited to ${describeRate(first)} by tool "${declared.toolName}", but this tool declares ${describeRate(rateLimit)}; tools that share a key must declare the same rate`,
    );
  }

  /** The admission of a declared key, made the first time a call needs it. */
  admissionFor(key: string): RateLimitAdmission {
    const declared = this.#byKey.get(key);
    if (declared === undefined) throw new Error(`Rate-limit key "${key}" was never declared`);
    declared.admission ??= new RateLimitAdmission(
      key,
      new SlidingWindowRateLimiter(declared.rateLimit.requests, declared.rateLimit.perMs),
    );
    return declared.admission;
  }
}

function describeRate(rateLimit: ResolvedRateLimit): string {
  return `${rateLimit.requests} requests per ${rateLimit.perMs} ms`;
}
