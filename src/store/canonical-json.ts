/**
 * JSON with object keys sorted at every depth, so that two inputs equal as data give the same text. Used as the key
 * for deduplication and caching. Throws for binary data (an ArrayBuffer or a typed array), which JSON would write as
 * `{}` or as a list of numbers: such an input is never shared rather than confused with another.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (typeof nested !== "object" || nested === null || Array.isArray(nested)) return nested;
    if (ArrayBuffer.isView(nested) || nested instanceof ArrayBuffer || nested instanceof SharedArrayBuffer) {
      throw new TypeError("binary data has no canonical JSON");
    }
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(nested).sort()) sorted[key] = (nested as Record<string, unknown>)[key];
    return sorted;
  });
}
