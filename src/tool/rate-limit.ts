import { closestName } from "./closest-name.js";

/** A unit of time a rate is counted in. */
export type RateUnit = "second" | "minute" | "hour";

/**
 * How often calls may start: at most `requests` starts in any window of length `per`, never more (an exact sliding
 * window, not a token bucket that lets a full bucket's burst follow a window's worth of calls).
 *
 * @example
 * // Every tool that spends the same API key shares one limit across the executor.
 * defineTool({ name: "chat", rateLimit: { key: "openai", requests: 500, per: "minute" }, execute });
 */
export interface RateLimit {
  /**
   * Tools with the same key share one limit across the executor; they must declare the same rate.
   * @default the tool's name
   */
  key?: string;
  /** The most calls that may start in any window of length `per`: a positive integer. */
  requests: number;
  /** The window: `"second"`, `"minute"`, `"hour"`, or a number of milliseconds. */
  per: RateUnit | number;
  /**
   * How many times one call may be throttled (its tool threw a `RateLimitedError`) and retried; the next throttle
   * fails it with that error. Throttles never use the call's retry attempts.
   * @default 10
   */
  maxThrottles?: number;
}

/** A rate limit with its defaults applied and its window in milliseconds. */
export interface ResolvedRateLimit {
  key: string;
  requests: number;
  perMs: number;
  maxThrottles: number;
}

/** How many throttles a call of a tool with no `rateLimit.maxThrottles` survives. */
export const defaultMaxThrottles = 10;

const unitMs: Record<RateUnit, number> = { second: 1000, minute: 60_000, hour: 3_600_000 };
const fields = ["key", "requests", "per", "maxThrottles"];

/**
 * Checks a tool's `rateLimit` and fills in its defaults. Throws a TypeError or RangeError that names the tool, the
 * field and the value received.
 */
export function resolveRateLimit(toolName: string, rateLimit: unknown): ResolvedRateLimit | undefined {
  if (rateLimit === undefined) return undefined;
  const where = `Tool "${toolName}": \`rateLimit`;
  if (typeof rateLimit !== "object" || rateLimit === null || Array.isArray(rateLimit)) {
    throw new TypeError(
      `${where}\` must be an object { requests, per, key? }, got ${describe(rateLimit)} (${typeOf(rateLimit)})`,
    );
  }
  for (const field of Object.keys(rateLimit)) {
    if (fields.includes(field)) continue;
    const suggestion = closestName(field, fields);
    throw new TypeError(
      `${where}\` has an unknown field "${field}"${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}; expected ${fields.join(", ")}`,
    );
  }
  const {
    key = toolName,
    requests,
    per,
    maxThrottles = defaultMaxThrottles,
  } = rateLimit as Partial<RateLimit>;
  if (typeof key !== "string" || key === "") {
    throw new TypeError(`${where}.key\` must be a non-empty string, got ${describe(key)} (${typeOf(key)})`);
  }
  if (typeof requests !== "number") {
    throw new TypeError(
      `${where}.requests\` must be a number, got ${describe(requests)} (${typeOf(requests)})`,
    );
  }
  if (!Number.isInteger(requests) || requests < 1) {
    throw new RangeError(`${where}.requests\` must be a positive integer, got ${describe(requests)}`);
  }
  if (!Number.isInteger(maxThrottles) || maxThrottles < 0) {
    throw new RangeError(`${where}.maxThrottles\` must be an integer ≥ 0, got ${describe(maxThrottles)}`);
  }
  return { key, requests, perMs: windowMs(where, per), maxThrottles };
}

function windowMs(where: string, per: unknown): number {
  if (typeof per === "string") {
    if (Object.hasOwn(unitMs, per)) return unitMs[per as RateUnit];
    const suggestion = closestName(per, Object.keys(unitMs));
    throw new RangeError(
      `${where}.per\` must be "second", "minute", "hour" or a number of milliseconds, got ${describe(per)}${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}`,
    );
  }
  if (typeof per !== "number") {
    throw new TypeError(
      `${where}.per\` must be "second", "minute", "hour" or a number of milliseconds, got ${describe(per)} (${typeOf(per)})`,
    );
  }
  if (!(Number.isFinite(per) && per > 0)) {
    throw new RangeError(
      `${where}.per\` must be a positive, finite number of milliseconds, got ${describe(per)}`,
    );
  }
  return per;
}

/** JSON.stringify loses NaN and Infinity, which are exactly the values worth naming here. */
function describe(value: unknown): string {
  return typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
}

function typeOf(value: unknown): string {
  return value === null ? "null" : typeof value;
}
