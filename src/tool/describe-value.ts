/**
 * A received value as an error message shows it: a number as written, anything else as JSON where it has a JSON form,
 * else as `String(value)`.
 */
export function describeValue(value: unknown): string {
  if (typeof value === "number") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The kind of a received value for an error message: `typeof`, with `null` and arrays told apart from objects. */
export function typeOfValue(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}
