import type { LaneOptions } from "../scheduler/lane.js";

/** How a run shares its executor with the others, as given in its options. */
export interface RunShareOptions {
  tenant?: string;
  weight?: number;
  priority?: number;
}

/** Checks a run's `tenant`, `weight` and `priority`, naming the field and the value received. */
export function checkRunShare(options: RunShareOptions): LaneOptions {
  const { tenant, weight, priority = 0 } = options;
  if (tenant !== undefined && (typeof tenant !== "string" || tenant === "")) {
    throw new TypeError(
      `Expected the run's \`tenant\` to be a non-empty string, got ${JSON.stringify(tenant)} (${typeof tenant})`,
    );
  }
  if (weight !== undefined && (typeof weight !== "number" || Number.isNaN(weight))) {
    throw new TypeError(
      `Expected the run's \`weight\` to be a number, got ${JSON.stringify(weight)} (${typeof weight})`,
    );
  }
  if (weight !== undefined && (!(weight > 0) || weight === Number.POSITIVE_INFINITY)) {
    throw new RangeError(`Expected the run's \`weight\` to be a positive finite number, got ${weight}`);
  }
  if (typeof priority !== "number" || !Number.isFinite(priority)) {
    throw new TypeError(
      `Expected the run's \`priority\` to be a finite number, got ${JSON.stringify(priority)} (${typeof priority})`,
    );
  }
  return { tenant, weight, priority };
}
