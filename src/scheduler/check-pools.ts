import { closestName } from "../tool/closest-name.js";
import { describeValue, typeOfValue } from "../tool/describe-value.js";
import type { PoolUses } from "../tool/uses.js";

/**
 * Checks an executor's `pools`: an object of positive finite capacities by pool name. Throws a TypeError or RangeError
 * that names the field and the value received.
 */
export function checkCapacities(pools: unknown): Map<string, number> {
  if (typeof pools !== "object" || pools === null || Array.isArray(pools)) {
    throw new TypeError(
      `Expected \`pools\` to be an object of capacities by pool name, like { cpu: 2, memory_mb: 4096 }, got ${describeValue(pools)} (${typeOfValue(pools)})`,
    );
  }
  const capacities = new Map<string, number>();
  for (const [name, capacity] of Object.entries(pools)) {
    if (name === "") throw new TypeError("Expected every pool in `pools` to have a non-empty name");
    if (typeof capacity !== "number" || Number.isNaN(capacity)) {
      throw new TypeError(
        `Expected \`pools.${name}\` to be a number (the pool's capacity), got ${describeValue(capacity)} (${typeOfValue(capacity)})`,
      );
    }
    if (!(capacity > 0) || capacity === Number.POSITIVE_INFINITY) {
      throw new RangeError(
        `Expected \`pools.${name}\` to be a positive finite number (the pool's capacity), got ${describeValue(capacity)}`,
      );
    }
    capacities.set(name, capacity);
  }
  return capacities;
}

/**
 * Checks a tool's `uses` against an executor's pools: every pool it names exists, and holds at least what one call
 * takes (otherwise its calls could never start). Throws a TypeError (unknown pool) or RangeError (too large) that names
 * the tool, the field and the pool.
 */
export function checkUsesFit(
  toolName: string,
  uses: PoolUses,
  capacities: ReadonlyMap<string, number> | undefined,
): void {
  for (const [poolName, amount] of Object.entries(uses)) {
    const field = `Tool "${toolName}": \`uses.${poolName}\``;
    if (capacities === undefined) {
      throw new TypeError(
        `${field} names pool "${poolName}", but the executor has no pools; give it some, like new Executor({ pools: { ${poolName}: ${amount} } })`,
      );
    }
    const capacity = capacities.get(poolName);
    if (capacity === undefined) {
      const suggestion = closestName(poolName, capacities.keys());
      const known = capacities.size === 0 ? "none" : [...capacities.keys()].join(", ");
      throw new TypeError(
        `${field} names pool "${poolName}", which the executor does not have${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}; its pools: ${known}`,
      );
    }
    if (amount > capacity) {
      throw new RangeError(
        `${field} is ${amount}, more than pool "${poolName}" holds in all (${capacity}): its calls could never start`,
      );
    }
  }
}
