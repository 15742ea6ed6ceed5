import { closestName } from "./closest-name.js";

/**
 * A concurrency limit that finds itself: it starts low, grows while the tool's latency stays flat, and is cut when
 * latency inflates or the tool reports overload (a `RateLimitedError`, a timeout, or what `isOverload` says), always
 * within `[min, max]`. Every move is a `limit-change` event; `executor.limits()` shows the limits now.
 *
 * @example
 * // Two tools that call the same search API share one limit.
 * defineTool({ name: "search", concurrency: { adaptive: { key: "search-api", max: 32 } }, execute });
 * defineTool({ name: "suggest", concurrency: { adaptive: { key: "search-api", max: 32 } }, execute });
 */
export interface AdaptiveConcurrency {
  /**
   * The lowest the limit goes: a positive integer.
   * @default 1
   */
  min?: number;
  /**
   * The highest the limit goes: a positive integer ≥ `min`. The executor's own `concurrency` caps it too.
   * @default 64
   */
  max?: number;
  /**
   * Where the limit starts; it doubles from there while latency holds (slow start), until the first cut.
   * @default 4, or `min` / `max` when 4 lies outside them
   */
  initial?: number;
  /**
   * Tools with the same key share one limit across the executor; they must declare the same bounds.
   * @default the tool's name
   */
  key?: string;
  /**
   * How far the median latency of a window of calls may rise above the lowest recent one, as a ratio, before the
   * limit is cut. Raise it for a tool whose latency varies a lot from call to call.
   * @default 1.3
   */
  tolerance?: number;
  /**
   * Tells whether an error the tool threw means the service is overloaded (an HTTP 503, "server busy"), to cut the
   * limit at once; a `RateLimitedError` or a timeout always does.
   */
  isOverload?: (error: unknown) => boolean;
}

/** Adaptive concurrency with its defaults applied. */
export interface ResolvedAdaptiveConcurrency {
  key: string;
  min: number;
  max: number;
  initial: number;
  tolerance: number;
  isOverload: ((error: unknown) => boolean) | undefined;
}

const defaults = { min: 1, max: 64, initial: 4, tolerance: 1.3 };
const fields = ["min", "max", "initial", "key", "tolerance", "isOverload"];

/**
 * Checks a tool's `concurrency` when it asks for an adaptive limit (`"adaptive"` or `{ adaptive: {...} }`) and fills
 * in the defaults. Returns undefined for a number or nothing, which the caller checks as a fixed limit. Throws a
 * TypeError or RangeError that names the tool, the field and the value received.
 */
export function resolveAdaptiveConcurrency(
  toolName: string,
  concurrency: unknown,
): ResolvedAdaptiveConcurrency | undefined {
  if (concurrency === undefined || typeof concurrency === "number") return undefined;
  if (concurrency === "adaptive") return resolveAdaptive(toolName, {});
  const where = `Tool "${toolName}": \`concurrency`;
  if (typeof concurrency === "object" && concurrency !== null && "adaptive" in concurrency) {
    const extra = Object.keys(concurrency).find((field) => field !== "adaptive");
    if (extra !== undefined) {
      throw new TypeError(`${where}\` has an unknown field "${extra}"; expected only "adaptive"`);
    }
    return resolveAdaptive(toolName, (concurrency as { adaptive: unknown }).adaptive);
  }
  throw new TypeError(
    `${where}\` must be a positive integer, "adaptive" or { adaptive: { min?, max?, key? } }, got ${describe(concurrency)} (${typeOf(concurrency)})`,
  );
}

function resolveAdaptive(toolName: string, adaptive: unknown): ResolvedAdaptiveConcurrency {
  const where = `Tool "${toolName}": \`concurrency.adaptive`;
  if (typeof adaptive !== "object" || adaptive === null || Array.isArray(adaptive)) {
    throw new TypeError(
      `${where}\` must be an object { min?, max?, key? }, got ${describe(adaptive)} (${typeOf(adaptive)})`,
    );
  }
  for (const field of Object.keys(adaptive)) {
    if (fields.includes(field)) continue;
    const suggestion = closestName(field, fields);
    throw new TypeError(
      `${where}\` has an unknown field "${field}"${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}; expected ${fields.join(", ")}`,
    );
  }
  const options = adaptive as AdaptiveConcurrency;
  const min = positiveInteger(where, "min", options.min ?? defaults.min);
  const max = positiveInteger(where, "max", options.max ?? defaults.max);
  if (min > max) {
    throw new RangeError(
      `${where}.min\` (${min}) must not be greater than \`concurrency.adaptive.max\` (${max})`,
    );
  }
  const initial = positiveInteger(
    where,
    "initial",
    options.initial ?? Math.min(max, Math.max(min, defaults.initial)),
  );
  if (initial < min || initial > max) {
    throw new RangeError(`${where}.initial\` must lie between min (${min}) and max (${max}), got ${initial}`);
  }
  const { key = toolName, tolerance = defaults.tolerance, isOverload } = options;
  if (typeof key !== "string" || key === "") {
    throw new TypeError(`${where}.key\` must be a non-empty string, got ${describe(key)} (${typeOf(key)})`);
  }
  if (typeof tolerance !== "number" || !(Number.isFinite(tolerance) && tolerance > 1)) {
    throw new RangeError(
      `${where}.tolerance\` must be a finite number greater than 1, got ${describe(tolerance)} (${typeOf(tolerance)})`,
    );
  }
  if (isOverload !== undefined && typeof isOverload !== "function") {
    throw new TypeError(
      `${where}.isOverload\` must be a function, got ${describe(isOverload)} (${typeOf(isOverload)})`,
    );
  }
  return { key, min, max, initial, tolerance, isOverload };
}

function positiveInteger(where: string, field: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `${where}.${field}\` must be a positive integer, got ${describe(value)} (${typeOf(value)})`,
    );
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${where}.${field}\` must be a positive integer, got ${describe(value)}`);
  }
  return value;
}

/** JSON.stringify loses NaN and Infinity, which are exactly the values worth naming here. */
function describe(value: unknown): string {
  if (typeof value === "function") return "a function";
  return typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
}

function typeOf(value: unknown): string {
  return value === null ? "null" : typeof value;
}

/**
 * A run's `policies` may set a tool's `concurrency` only to a number: an adaptive limit learns from every call of the
 * tool, so it belongs to the tool and is shared by every run. Throws a TypeError for anything else.
 */
export function fixedRunConcurrency(toolName: string, concurrency: unknown): number {
  if (typeof concurrency === "number") return concurrency;
  throw new TypeError(
    `\`policies\` sets \`concurrency\` of tool "${toolName}" to ${describe(concurrency)}; a run may set only a fixed number (an adaptive limit is set on the tool and shared by every run)`,
  );
}
