import { isConcatObject, isRefObject } from "../plan/refs.js";

/**
 * Finds, in a model's arguments, an object that weft would read as a reference between calls (`{ "$ref": … }` or
 * `{ "$concat": […] }`) rather than pass on as data. The model cannot mean one: it never sees weft's call ids. Returns
 * where it is (`schema.items[0]`, or `""` for the arguments as a whole) and its key, or undefined when there is none.
 */
export function findReservedObject(value: unknown, path = ""): { path: string; key: string } | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (isRefObject(value)) return { path, key: "$ref" };
  if (isConcatObject(value)) return { path, key: "$concat" };
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findReservedObject(value[index], `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key in value) {
    const found = findReservedObject(
      (value as Record<string, unknown>)[key],
      path === "" ? key : `${path}.${key}`,
    );
    if (found !== undefined) return found;
  }
  return undefined;
}
