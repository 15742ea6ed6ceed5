import { resolveAdaptiveConcurrency } from "./adaptive-concurrency.js";
import { checkAnnotations, resourcesFromAnnotations } from "./annotations.js";
import { resolveHedge } from "./hedge.js";
import type { ResolvedPolicy, RetryPolicy, ToolPolicy } from "./policy.js";
import { resolveRateLimit } from "./rate-limit.js";
import { checkResourcesOption } from "./resources.js";
import { checkUses } from "./uses.js";

const noRetry = { attempts: 1, backoffMs: 100, factor: 2, maxBackoffMs: 10_000, retryOn: undefined };

/**
 * Checks a tool's policy (with an optional per-run override on top) and fills in the defaults. Throws a TypeError or
 * RangeError that names the tool, the option and the value received.
 */
export function resolvePolicy(toolName: string, policy: ToolPolicy, override?: ToolPolicy): ResolvedPolicy {
  const merged: ToolPolicy = override === undefined ? policy : { ...policy, ...override };
  const where = `Tool "${toolName}"`;
  const annotations = checkAnnotations(toolName, merged.annotations);
  const idempotent = merged.idempotent ?? annotations?.idempotentHint ?? false;
  if (typeof idempotent !== "boolean") throw typeError(where, "idempotent", "a boolean", idempotent);
  const retry = resolveRetry(where, merged.retry);
  if (retry.attempts > 1 && !idempotent) {
    throw new TypeError(
      `${where}: retry is set but the tool is not idempotent; weft only retries tools that are safe to run twice. Set idempotent: true, or remove retry.`,
    );
  }
  const resetTimeoutOnProgress = merged.resetTimeoutOnProgress ?? false;
  if (typeof resetTimeoutOnProgress !== "boolean")
    throw typeError(where, "resetTimeoutOnProgress", "a boolean", resetTimeoutOnProgress);
  const adaptiveConcurrency = resolveAdaptiveConcurrency(toolName, merged.concurrency);
  return {
    timeoutMs: optionalPositive(where, "timeoutMs", merged.timeoutMs),
    resetTimeoutOnProgress,
    retry,
    idempotent,
    cacheTtlMs: resolveCache(where, merged.cache, idempotent),
    concurrency:
      adaptiveConcurrency === undefined
        ? (optionalPositive(where, "concurrency", merged.concurrency, true) ?? Number.POSITIVE_INFINITY)
        : Number.POSITIVE_INFINITY,
    adaptiveConcurrency,
    estimateMs: optionalNonNegative(where, "estimateMs", merged.estimateMs),
    resources:
      checkResourcesOption(toolName, merged.resources) ?? resourcesFromAnnotations(toolName, annotations),
    rateLimit: resolveRateLimit(toolName, merged.rateLimit),
    uses: checkUses(toolName, merged.uses),
    hedge: resolveHedge(toolName, merged.hedge, idempotent, merged.resources !== undefined, annotations),
  };
}

/** Default time a cached output is kept when a tool says only `cache: true`. */
export const defaultCacheTtlMs = 5 * 60_000;

function resolveCache(where: string, cache: ToolPolicy["cache"], idempotent: boolean): number | undefined {
  if (cache === undefined || cache === false) return undefined;
  if (!idempotent) {
    throw new TypeError(
      `${where}: cache is set but the tool is not idempotent; only idempotent outputs are cached.`,
    );
  }
  if (cache === true) return defaultCacheTtlMs;
  if (typeof cache !== "object" || cache === null)
    throw typeError(where, "cache", "a boolean or { ttlMs }", cache);
  return optionalPositive(where, "cache.ttlMs", cache.ttlMs) ?? defaultCacheTtlMs;
}

function resolveRetry(where: string, retry: RetryPolicy | number | undefined): ResolvedPolicy["retry"] {
  if (retry === undefined) return noRetry;
  const policy: RetryPolicy = typeof retry === "number" ? { attempts: retry } : retry;
  if (typeof policy !== "object" || policy === null)
    throw typeError(where, "retry", "a number or an object", retry);
  const attempts = policy.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw rangeError(where, "retry.attempts", "an integer ≥ 1", attempts);
  const factor = policy.factor ?? 2;
  if (typeof factor !== "number" || !(factor >= 1))
    throw rangeError(where, "retry.factor", "a number ≥ 1", factor);
  if (policy.retryOn !== undefined && typeof policy.retryOn !== "function") {
    throw typeError(where, "retry.retryOn", "a function", policy.retryOn);
  }
  return {
    attempts,
    backoffMs: optionalNonNegative(where, "retry.backoffMs", policy.backoffMs) ?? noRetry.backoffMs,
    factor,
    maxBackoffMs:
      optionalNonNegative(where, "retry.maxBackoffMs", policy.maxBackoffMs) ?? noRetry.maxBackoffMs,
    retryOn: policy.retryOn,
  };
}

function optionalPositive(where: string, name: string, value: unknown, integer = false): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || Number.isNaN(value)) throw typeError(where, name, "a number", value);
  if (!(value > 0) || (integer && !Number.isInteger(value) && value !== Number.POSITIVE_INFINITY)) {
    throw rangeError(where, name, integer ? "a positive integer" : "a positive number", value);
  }
  return value;
}

function optionalNonNegative(where: string, name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || Number.isNaN(value)) throw typeError(where, name, "a number", value);
  if (value < 0) throw rangeError(where, name, "a number ≥ 0", value);
  return value;
}

function typeError(where: string, name: string, expected: string, value: unknown): TypeError {
  return new TypeError(
    `${where}: expected \`${name}\` to be ${expected}, got ${JSON.stringify(value)} (${typeof value})`,
  );
}

function rangeError(where: string, name: string, expected: string, value: unknown): RangeError {
  return new RangeError(`${where}: expected \`${name}\` to be ${expected}, got ${JSON.stringify(value)}`);
}
