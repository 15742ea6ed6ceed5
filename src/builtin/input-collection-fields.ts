import { describeReceived, plural } from "../tool/describe-value.js";
import {
  accepted,
  constraintFailed,
  expectedMessage,
  type FieldIssue,
  InputField,
  wrongType,
} from "./input-field.js";

/** A plain object whose values are strings, such as HTTP headers or environment variables. */
export function stringRecord(): InputField<Record<string, string>, Record<string, string>> {
  return new InputField({
    jsonSchema: {
      type: "object",
      propertyNames: { type: "string" },
      additionalProperties: { type: "string" },
    },
    parse(value) {
      if (!isPlainObject(value)) return wrongType(value, "an object of strings");
      const record: Record<string, string> = {};
      const issues: FieldIssue[] = [];
      for (const [key, entry] of Object.entries(value)) {
        // Left out, never assigned: `record.__proto__ = …` would set the record's prototype (zod skips it too).
        if (key === "__proto__") continue;
        if (typeof entry === "string") record[key] = entry;
        else issues.push({ path: [key], message: expectedMessage("a string", entry), isFatal: true });
      }
      return { value: record, issues };
    },
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Options of `stringArray`. */
export interface StringArrayOptions {
  minItems?: number;
  /** The message when there are fewer than `minItems` items. */
  tooFewMessage?: string;
  /** The message for a value that is not an array, when it returns one; else the usual "expected …". */
  wrongTypeMessage?: (value: unknown) => string | undefined;
}

/** An array of strings, of at least `minItems` items. */
export function stringArray(options: StringArrayOptions = {}): InputField<string[], string[]> {
  const { minItems, tooFewMessage, wrongTypeMessage } = options;
  return new InputField({
    jsonSchema: { type: "array", items: { type: "string" }, ...(minItems === undefined ? {} : { minItems }) },
    parse(value) {
      if (!Array.isArray(value)) return wrongType(value, "an array of strings", wrongTypeMessage?.(value));
      const issues: FieldIssue[] = [];
      // By index, so that a hole in a sparse array is reported as the missing string it is.
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        if (typeof item !== "string") {
          issues.push({ path: [index], message: expectedMessage("a string", item), isFatal: true });
        }
      }
      if (issues.length > 0) return { value, issues };
      if (minItems !== undefined && value.length < minItems) {
        return constraintFailed(
          value,
          tooFewMessage ??
            `expected at least ${plural(minItems, "item")}, received ${describeReceived(value)}`,
        );
      }
      return accepted([...value]);
    },
  });
}
