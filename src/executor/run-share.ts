import { checkFiniteNumber, checkNonEmptyString, checkPositiveNumber } from "../errors/check-option.js";
import type { LaneOptions } from "../scheduler/lane.js";

/** How a run shares its executor with the others, as given in its options. */
export interface RunShareOptions {
  tenant?: string;
  weight?: number;
  priority?: number;
}

/** Where the run's option errors say the option was refused. */
const where = "executor.run";

/** Checks a run's `tenant`, `weight` and `priority`, naming the field and the value received. */
export function checkRunShare(options: RunShareOptions): LaneOptions {
  const { tenant, weight, priority = 0 } = options;
  if (tenant !== undefined) checkNonEmptyString(where, "options.tenant", tenant);
  if (weight !== undefined) checkPositiveNumber(where, "options.weight", weight);
  checkFiniteNumber(where, "options.priority", priority);
  return { tenant, weight, priority };
}
