import { describeReceived, plural } from "../tool/describe-value.js";
import {
  accepted,
  constraintFailed,
  constraintIssue,
  type FieldIssue,
  type FieldResult,
  InputField,
  wrongType,
} from "./input-field.js";

/**
 * The field kinds the built-in tools' inputs are made of, each checking a value as the zod schema it replaces did
 * (zod 4: the same values accepted, the same converted, the same JSON Schema) without loading zod. Records and arrays
 * are in input-collection-fields.ts.
 */

/** Bounds of a number, named as in JSON Schema. */
export interface NumberBounds {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

/** A string, at least `minLength` UTF-16 code units long. */
export function string(options: { minLength?: number } = {}): InputField<string, string> {
  const { minLength } = options;
  return new InputField({
    jsonSchema: { type: "string", ...(minLength === undefined ? {} : { minLength }) },
    parse(value) {
      if (typeof value !== "string") return wrongType(value, "a string");
      if (minLength !== undefined && value.length < minLength) {
        return constraintFailed(
          value,
          `expected at least ${plural(minLength, "character")}, received ${value === "" ? "an empty string" : plural(value.length, "character")}`,
        );
      }
      return accepted(value);
    },
  });
}

const httpPrefix = /^https?:\/\//i;
const tabOrNewline = /[\t\n\r]/g;

/**
 * An absolute http:// or https:// URL. Surrounding white space is trimmed, and tabs and newlines inside it removed (the
 * URL parser ignores them), so the tool receives the URL that was checked. `message` replaces every issue's message.
 */
export function httpUrl(options: { message?: string } = {}): InputField<string, string> {
  const { message } = options;
  const expected = "an absolute http:// or https:// URL";
  return new InputField({
    jsonSchema: { type: "string", format: "uri" },
    parse(value) {
      if (typeof value !== "string") return wrongType(value, "a string", message);
      const trimmed = value.trim();
      if (!httpPrefix.test(trimmed) || !isHttpUrl(trimmed)) {
        return constraintFailed(
          value,
          message ?? `expected ${expected}, received ${describeReceived(value)}`,
        );
      }
      return accepted(trimmed.replace(tabOrNewline, ""));
    },
  });
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** One of the given strings. */
export function enumOf<const Values extends readonly [string, ...string[]]>(
  values: Values,
): InputField<Values[number], Values[number]> {
  const expected = `one of ${values.map((value) => JSON.stringify(value)).join(", ")}`;
  return new InputField({
    jsonSchema: { type: "string", enum: [...values] },
    parse(value) {
      if (!values.includes(value as string)) return wrongType(value, expected);
      return accepted(value as Values[number]);
    },
  });
}

/** A finite number within the bounds. */
export function number(bounds: NumberBounds = {}): InputField<number, number> {
  return new InputField({
    jsonSchema: { type: "number", ...bounds },
    parse(value) {
      if (typeof value !== "number" || !Number.isFinite(value)) return wrongType(value, "a finite number");
      return checkBounds(value, bounds, "a number");
    },
  });
}

/** An integer within the bounds, which never reach past the safe integers (±(2^53 − 1)), as in zod's `z.int()`. */
export function integer(bounds: NumberBounds = {}): InputField<number, number> {
  const { minimum, maximum, exclusiveMinimum } = bounds;
  const lower =
    exclusiveMinimum === undefined
      ? { minimum: Math.max(minimum ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER) }
      : { exclusiveMinimum };
  return new InputField({
    jsonSchema: {
      type: "integer",
      ...lower,
      maximum: Math.min(maximum ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    },
    parse(value) {
      if (typeof value !== "number" || !Number.isFinite(value)) return wrongType(value, "a finite number");
      if (!Number.isInteger(value)) return wrongType(value, "an integer");
      const issues: FieldIssue[] = [];
      if (!Number.isSafeInteger(value)) {
        const [bound, limit] =
          value > 0 ? ["most", Number.MAX_SAFE_INTEGER] : ["least", Number.MIN_SAFE_INTEGER];
        issues.push(
          constraintIssue(`expected an integer of at ${bound} ${limit} (a safe integer), received ${value}`),
        );
      }
      return { value, issues: [...issues, ...checkBounds(value, bounds, "an integer").issues] };
    },
  });
}

function checkBounds(value: number, bounds: NumberBounds, what: string): FieldResult<number> {
  const issues: FieldIssue[] = [];
  const { minimum, maximum, exclusiveMinimum } = bounds;
  if (exclusiveMinimum !== undefined && !(value > exclusiveMinimum)) {
    issues.push(constraintIssue(`expected ${what} greater than ${exclusiveMinimum}, received ${value}`));
  }
  if (minimum !== undefined && value < minimum) {
    issues.push(constraintIssue(`expected ${what} of at least ${minimum}, received ${value}`));
  }
  if (maximum !== undefined && value > maximum) {
    issues.push(constraintIssue(`expected ${what} of at most ${maximum}, received ${value}`));
  }
  return { value, issues };
}

/** `true` or `false`. */
export function boolean(): InputField<boolean, boolean> {
  return new InputField({
    jsonSchema: { type: "boolean" },
    parse: (value) => (typeof value === "boolean" ? accepted(value) : wrongType(value, "a boolean")),
  });
}

/** Any value at all, `undefined` included. */
export function unknownValue(): InputField<unknown, unknown> {
  return new InputField({ jsonSchema: {}, parse: accepted });
}
