import { expect } from "vitest";

/** Fails unless every time (a key ending in `Ms`) and every `speedup` in the document has at most 3 decimals. */
export function expectRoundedTimes(document: unknown): void {
  const unrounded: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${path}[${index}]`);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const isTime = key.endsWith("Ms") || key === "speedup";
        if (isTime && typeof child === "number" && (String(child).split(".")[1]?.length ?? 0) > 3) {
          unrounded.push(`${path}.${key} = ${child}`);
        } else visit(child, `${path}.${key}`);
      }
    }
  };
  visit(document, "$");
  expect(unrounded).toEqual([]);
}
