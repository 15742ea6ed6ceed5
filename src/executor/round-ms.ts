/** How many decimals a time keeps: a microsecond is finer than any timer a tool call is measured by. */
const scale = 1000;

/**
 * A time in ms (or a ratio of times) rounded to 3 decimals, so that `207.41085399999997` reads `207.411`. The one
 * rounding of weft: run and agent results and every JSON document (`weft run --json`, `weft agent --json`,
 * `run_plan`) go through it, so that a time sums or shifts into float noise nowhere.
 */
export function roundMs(value: number): number;
export function roundMs(value: number | null): number | null;
export function roundMs(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return value;
  return Math.round(value * scale) / scale;
}
