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

const quotedLength = 60;

/** A received value as an issue's message names it: its kind, and the value itself where it is short. */
export function describeReceived(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === "string") {
    if (value === "") return "an empty string";
    const shown = value.length > quotedLength ? `${value.slice(0, quotedLength)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === "number") return Number.isFinite(value) ? `the number ${value}` : String(value);
  if (typeof value === "boolean") return `the boolean ${value}`;
  if (Array.isArray(value)) {
    return value.length === 0 ? "an empty array" : `an array of ${plural(value.length, "item")}`;
  }
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** "1 item", "3 items". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * A received value as an option's error shows it, briefly and without reading into objects (they may be large, or
 * hold secrets): numbers, booleans and short strings as written, other values by their kind.
 */
export function describeBriefly(value: unknown): string {
  switch (typeof value) {
    case "number":
    case "boolean":
    case "undefined":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "string":
      return value.length > quotedLength
        ? `${JSON.stringify(value.slice(0, quotedLength))}…`
        : JSON.stringify(value);
    case "symbol":
      return value.toString();
    case "function":
      return "a function";
    default:
      if (value === null) return "null";
      if (Array.isArray(value)) return `an array of ${plural(value.length, "item")}`;
      return "an object";
  }
}
