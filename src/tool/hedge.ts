import type { ToolAnnotations } from "./annotations.js";
import { describeType } from "./schema.js";

/**
 * Hedged calls: when an attempt of a call runs longer than the tool usually takes, weft starts one duplicate of it,
 * keeps the first to succeed and aborts the other. This cuts the long tail of search-like tools (a cache miss, a slow
 * replica) for a few percent more calls. The duplicate passes every admission a call passes (concurrency limits, rate
 * limits, pools, locks), so hedging never breaks a limit; it runs only when there is room for it.
 *
 * - `true`: hedge once an attempt has run longer than the 95th percentile of the tool's last 100 successful durations,
 *   once at least 20 have been observed (before that, calls are not hedged).
 * - `{ afterMs }`: hedge once an attempt has run that long, from the first call on.
 *
 * Only idempotent tools may be hedged, and not those whose hints make every call write (`destructiveHint`): a hedge of
 * a writer would wait for the lock its own call holds. A call whose `resources` claim a key in write mode is not hedged.
 * @default false
 * @example { idempotent: true, hedge: true }
 * @example { idempotent: true, hedge: { afterMs: 800 } }
 */
export type HedgePolicy = boolean | { afterMs: number };

/** A tool's hedging, checked: a fixed delay, or the observed percentile. */
export interface ResolvedHedge {
  /** A fixed delay before the duplicate starts; undefined: the observed `quantile` of the tool's durations. */
  afterMs: number | undefined;
  /** Which quantile of the recent durations an attempt must outlast: 0.95. */
  quantile: number;
  /** How many durations must be known before the quantile is trusted. */
  minSamples: number;
}

/** The quantile an attempt must outlast before it is hedged. */
export const hedgeQuantile = 0.95;
/** Durations needed before the quantile is trusted: fewer give a 95th percentile that is mostly noise. */
export const hedgeMinSamples = 20;

/**
 * Checks a tool's `hedge` option against the rest of its policy. Throws a TypeError naming the tool, the field and the
 * value received when the option is malformed, or when the tool may not be hedged (not idempotent, or a writer).
 */
export function resolveHedge(
  toolName: string,
  hedge: unknown,
  idempotent: boolean,
  hasOwnResources: boolean,
  annotations: ToolAnnotations | undefined,
): ResolvedHedge | undefined {
  if (hedge === undefined || hedge === false) return undefined;
  const where = `Tool "${toolName}"`;
  let afterMs: number | undefined;
  if (typeof hedge === "object" && hedge !== null) {
    afterMs = (hedge as { afterMs?: unknown }).afterMs as number;
    if (typeof afterMs !== "number" || Number.isNaN(afterMs)) {
      throw new TypeError(
        `${where}: expected \`hedge.afterMs\` to be a number of milliseconds, got ${describeType(afterMs)}`,
      );
    }
    if (!(afterMs >= 0) || afterMs === Number.POSITIVE_INFINITY) {
      throw new RangeError(`${where}: expected \`hedge.afterMs\` to be a finite number ≥ 0, got ${afterMs}`);
    }
  } else if (hedge !== true) {
    throw new TypeError(
      `${where}: expected \`hedge\` to be a boolean or { afterMs }, got ${describeType(hedge)}`,
    );
  }
  if (!idempotent) {
    throw new TypeError(
      `${where}: \`hedge\` is set but the tool is not idempotent; a hedge runs the call twice at once. Set idempotent: true, or remove hedge.`,
    );
  }
  // Hints make every call of the tool take its group's key; in write mode a hedge would wait for its own call.
  if (!hasOwnResources && annotations?.destructiveHint === true && annotations.readOnlyHint !== true) {
    throw new TypeError(
      `${where}: \`hedge\` is set but its annotations (destructiveHint) make every call take a write lock, which a hedge of the call could never get while the call runs. Remove hedge, or declare read-only \`resources\`.`,
    );
  }
  return { afterMs, quantile: hedgeQuantile, minSamples: hedgeMinSamples };
}
