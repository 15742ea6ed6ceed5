import type { Ref } from "./types.js";

const forbiddenSegments = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Parses `id`, `id.field`, `id.items[0].name` or `id["key.with.dots"]`. Returns a message instead of a ref when the
 * text is malformed or walks into `__proto__`, `constructor` or `prototype`, which are refused, never followed.
 */
export function parseRef(text: string): Ref | string {
  const idEnd = text.search(/[.[]/);
  const callId = idEnd === -1 ? text : text.slice(0, idEnd);
  if (callId === "") return `"${text}" does not start with a call id`;
  const path: (string | number)[] = [];
  let position = idEnd === -1 ? text.length : idEnd;
  while (position < text.length) {
    const rest = text.slice(position);
    const match =
      /^\.([^.[\]]+)/.exec(rest) ?? /^\[(\d+)\]/.exec(rest) ?? /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
    if (match === null || match[1] === undefined) {
      return `"${text}" has a malformed path at "${rest}" (use .field, [0] or ["key"])`;
    }
    const isIndex = match[0].startsWith("[") && !match[0].startsWith('["');
    const segment = isIndex
      ? Number(match[1])
      : match[0].startsWith('["')
        ? JSON.parse(`"${match[1]}"`)
        : match[1];
    if (typeof segment === "string" && forbiddenSegments.has(segment)) {
      return `"${text}" walks into "${segment}", which is refused`;
    }
    path.push(segment);
    position += match[0].length;
  }
  return { text, callId, path };
}

/** Writes a path back as text, for messages: `.items[0].name`. */
export function formatRefPath(path: readonly (string | number)[]): string {
  return path.map((segment) => (typeof segment === "number" ? `[${segment}]` : `.${segment}`)).join("");
}
