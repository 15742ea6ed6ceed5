import { inspect } from "node:util";

/** A one-line description of anything a tool may throw, Error or not. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === "string") return `threw a string instead of an Error: ${JSON.stringify(thrown)}`;
  return `threw a non-Error value: ${inspect(thrown, { depth: 2, breakLength: Number.POSITIVE_INFINITY })}`;
}
