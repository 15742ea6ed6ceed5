import { describeValue, typeOfValue } from "./describe-value.js";

/**
 * What one call of a tool takes from the executor's named pools while it runs, by pool name: `{ cpu: 1, memory_mb: 512 }`.
 * Every amount is a positive finite number; the executor's `pools` must name each pool, with a capacity at least as
 * large. A call starts only when all of it fits at once.
 *
 * @example
 * const executor = new Executor({ pools: { cpu: 4, memory_mb: 8192 } });
 * defineTool({ name: "render", uses: { cpu: 2, memory_mb: 3000 }, execute });
 */
export type PoolUses = Readonly<Record<string, number>>;

/**
 * Checks a tool's `uses` where it is defined: an object of positive finite amounts. Whether its pools exist and are
 * large enough is checked where the tool is registered, since only the executor knows its pools. Returns a frozen copy,
 * or undefined when the tool uses no pool (no `uses`, or `{}`). Throws a TypeError or RangeError that names the tool,
 * the field and the value received.
 */
export function checkUses(toolName: string, uses: unknown): PoolUses | undefined {
  if (uses === undefined) return undefined;
  const where = `Tool "${toolName}": \`uses`;
  if (typeof uses !== "object" || uses === null || Array.isArray(uses)) {
    throw new TypeError(
      `${where}\` must be an object of amounts by pool name, like { cpu: 1 }, got ${describeValue(uses)} (${typeOfValue(uses)})`,
    );
  }
  const checked: Record<string, number> = {};
  for (const [poolName, amount] of Object.entries(uses)) {
    if (typeof amount !== "number" || Number.isNaN(amount)) {
      throw new TypeError(
        `${where}.${poolName}\` must be a number (the amount of pool "${poolName}" one call takes), got ${describeValue(amount)} (${typeOfValue(amount)})`,
      );
    }
    if (!(amount > 0) || amount === Number.POSITIVE_INFINITY) {
      throw new RangeError(
        `${where}.${poolName}\` must be a positive finite number (the amount of pool "${poolName}" one call takes), got ${describeValue(amount)}`,
      );
    }
    checked[poolName] = amount;
  }
  return Object.keys(checked).length === 0 ? undefined : Object.freeze(checked);
}
