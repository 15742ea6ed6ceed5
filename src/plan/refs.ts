import { RefResolutionError } from "../errors/ref-resolution-error.js";
import { describeReceived } from "../tool/describe-value.js";
import { formatRefPath, parseRef } from "./ref-path.js";
import type { Ref } from "./types.js";

/** Tells whether a value is a ref object: exactly one key, `$ref`, holding a string. */
export function isRefObject(value: unknown): value is { $ref: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (typeof (value as { $ref?: unknown }).$ref !== "string") return false;
  for (const key in value) if (key !== "$ref") return false;
  return true;
}

/**
 * Tells whether a value is a text built from parts: exactly one key, `$concat`, holding an array. Its parts are
 * joined into one string once its refs resolve; a part that is not a string is written as JSON.
 */
export function isConcatObject(value: unknown): value is { $concat: unknown[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (!Array.isArray((value as { $concat?: unknown }).$concat)) return false;
  for (const key in value) if (key !== "$concat") return false;
  return true;
}

const noRefs: readonly Ref[] = Object.freeze([]);

function hasAnyKey(value: object): boolean {
  for (const _key in value) return true;
  return false;
}

/** Collects the refs in a call's args. Malformed refs are reported through `onProblem` and left out. */
export function collectRefs(args: unknown, onProblem: (message: string) => void): readonly Ref[] {
  if (typeof args !== "object" || args === null || !hasAnyKey(args)) return noRefs;
  const refs: Ref[] = [];
  visit(args);
  return refs.length === 0 ? noRefs : refs;

  function visit(value: unknown): void {
    if (typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (isRefObject(value)) {
      const parsed = parseRef(value.$ref);
      if (typeof parsed === "string") onProblem(`$ref ${parsed}`);
      else refs.push(parsed);
      return;
    }
    if (isConcatObject(value)) {
      const before = refs.length;
      for (const part of value.$concat) visit(part);
      if (refs.length === before) {
        onProblem('"$concat" holds no "$ref": write its text as a plain string instead');
      }
      return;
    }
    // Binary data holds no refs; walking a typed array key by key would cost a string per byte.
    if (ArrayBuffer.isView(value)) return;
    for (const key in value) visit((value as Record<string, unknown>)[key]);
  }
}

/**
 * Returns a copy of `args` with every ref replaced by the part of the output it points to. A whole-argument ref keeps
 * the output's type. Throws RefResolutionError, saying what was there instead, when a path does not exist.
 */
export function resolveRefs(callId: string, args: unknown, outputOf: (callId: string) => unknown): unknown {
  if (typeof args !== "object" || args === null) return args;
  if (Array.isArray(args)) return args.map((item) => resolveRefs(callId, item, outputOf));
  if (isRefObject(args)) {
    const ref = parseRef(args.$ref);
    if (typeof ref === "string") throw new RefResolutionError({ callId, ref: args.$ref, detail: ref });
    return followPath(callId, ref, outputOf(ref.callId));
  }
  if (isConcatObject(args)) {
    let text = "";
    for (const part of args.$concat) text += asText(resolveRefs(callId, part, outputOf));
    return text;
  }
  // Binary data is passed on as it is: copied key by key, it would turn into a plain object.
  if (ArrayBuffer.isView(args) || args instanceof ArrayBuffer) return args;
  const copy: Record<string, unknown> = {};
  for (const key in args) copy[key] = resolveRefs(callId, (args as Record<string, unknown>)[key], outputOf);
  return copy;
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}

function followPath(callId: string, ref: Ref, output: unknown): unknown {
  let current = output;
  for (let index = 0; index < ref.path.length; index++) {
    const segment = ref.path[index] as string | number;
    const reached = `${ref.callId}${formatRefPath(ref.path.slice(0, index))}`;
    if (typeof segment === "number") {
      if (!Array.isArray(current)) {
        throw new RefResolutionError({
          callId,
          ref: ref.text,
          detail: `${reached} is ${describeReceived(current)}, not an array`,
        });
      }
      if (segment >= current.length) {
        throw new RefResolutionError({
          callId,
          ref: ref.text,
          detail: `${reached} has ${current.length} element${current.length === 1 ? "" : "s"}, so [${segment}] does not exist`,
        });
      }
      current = current[segment];
      continue;
    }
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) {
      const detail =
        typeof current === "object" && current !== null && !Array.isArray(current)
          ? `${reached} has no field "${segment}" (its fields: ${Object.keys(current).join(", ") || "none"})`
          : `${reached} is ${describeReceived(current)}, which has no field "${segment}"`;
      throw new RefResolutionError({ callId, ref: ref.text, detail });
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
