import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import { describeReceived } from "../tool/describe-value.js";
import type { FieldIssue, InputField } from "./input-field.js";

/** The fields of an input object, by name. */
export type InputFields = Readonly<Record<string, InputField<unknown, unknown>>>;

type Side = "input" | "output";
type FieldType<Field, Which extends Side> =
  Field extends InputField<unknown, unknown> ? Field["~types"][Which] : never;
type OptionalKeys<Fields extends InputFields, Which extends Side> = {
  [Key in keyof Fields]: undefined extends FieldType<Fields[Key], Which> ? Key : never;
}[keyof Fields];
type Simplify<Type> = { [Key in keyof Type]: Type[Key] } & {};
type ObjectType<Fields extends InputFields, Which extends Side> = Simplify<
  { [Key in Exclude<keyof Fields, OptionalKeys<Fields, Which>>]: FieldType<Fields[Key], Which> } & {
    [Key in OptionalKeys<Fields, Which>]?: FieldType<Fields[Key], Which>;
  }
>;

/** What a caller may pass: a field with a default or `.optional()` may be left out. */
export type ObjectInput<Fields extends InputFields> = ObjectType<Fields, "input">;
/** What the tool receives: defaults applied, so only `.optional()` fields may be missing. */
export type ObjectOutput<Fields extends InputFields> = ObjectType<Fields, "output">;

/** A check across fields, such as "a GET request has no body". */
export interface ObjectRule<Output> {
  /** True when the input keeps the rule. Runs only when every field has the right type. */
  isKept(input: Output): boolean;
  /** Where the issue points, such as `["body"]`. */
  path: readonly PropertyKey[];
  message: string;
}

/**
 * An input object's schema: a Standard Schema that checks a value and states its JSON Schema (the Standard JSON
 * Schema extension), the two ways weft reads any tool's schema.
 */
export interface ObjectSchema<Input, Output> {
  readonly "~standard": StandardSchemaV1.Props<Input, Output> & StandardJSONSchemaV1.Props<Input, Output>;
}

const dialects: Readonly<Record<string, string>> = {
  "draft-2020-12": "https://json-schema.org/draft/2020-12/schema",
  "draft-07": "http://json-schema.org/draft-07/schema#",
};

/**
 * The schema of an input object made of `fields`, kept by `rules`. It behaves as zod 4's `z.object` does: a key it
 * does not name is dropped, a missing field with a default receives it, and the rules run once every field has the
 * right type, even when a field breaks a constraint (a string too short), so that one answer lists every issue.
 *
 * @example
 * const input = objectSchema(
 *   { url: httpUrl(), method: enumOf(["GET", "POST"]).default("GET"), body: string().optional() },
 *   [{ isKept: (input) => input.body === undefined || input.method !== "GET", path: ["body"], message: "a GET request cannot have a body" }],
 * );
 */
export function objectSchema<const Fields extends InputFields>(
  fields: Fields,
  rules: readonly ObjectRule<ObjectOutput<Fields>>[] = [],
): ObjectSchema<ObjectInput<Fields>, ObjectOutput<Fields>> {
  const entries = Object.entries(fields);
  const validate = (value: unknown): StandardSchemaV1.Result<ObjectOutput<Fields>> => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { issues: [{ path: [], message: `expected an object, received ${describeReceived(value)}` }] };
    }
    const output: Record<string, unknown> = {};
    const issues: FieldIssue[] = [];
    for (const [key, field] of entries) {
      const isPresent = Object.hasOwn(value, key);
      const result = field.run(isPresent ? (value as Record<string, unknown>)[key] : undefined);
      for (const issue of result.issues) issues.push({ ...issue, path: [key, ...issue.path] });
      // A key given as `undefined` stays, as in zod's output; a missing optional one stays missing.
      if (result.value !== undefined || isPresent) output[key] = result.value;
    }
    if (!issues.some((issue) => issue.isFatal)) {
      for (const rule of rules) {
        if (!rule.isKept(output as ObjectOutput<Fields>)) {
          issues.push({ path: rule.path, message: rule.message, isFatal: false });
        }
      }
    }
    if (issues.length === 0) return { value: output as ObjectOutput<Fields> };
    return { issues: issues.map(({ path, message }) => ({ path, message })) };
  };
  const jsonSchema =
    (which: Side) =>
    ({ target }: StandardJSONSchemaV1.Options): Record<string, unknown> => {
      const dialect = dialects[target];
      if (dialect === undefined) {
        throw new Error(
          `weft's built-in input schemas are written in JSON Schema draft-2020-12 or draft-07, not ${JSON.stringify(target)}`,
        );
      }
      const required = entries
        .filter(([, field]) => (which === "input" ? !field.isOptionalInput : !field.isOptionalOutput))
        .map(([key]) => key);
      return {
        $schema: dialect,
        type: "object",
        properties: Object.fromEntries(entries.map(([key, field]) => [key, field.jsonSchema()])),
        ...(required.length === 0 ? {} : { required }),
        // What the tool receives has no other key; what a caller sends may, and loses them.
        ...(which === "output" ? { additionalProperties: false } : {}),
      };
    };
  return {
    "~standard": {
      version: 1,
      vendor: "weft",
      validate,
      jsonSchema: { input: jsonSchema("input"), output: jsonSchema("output") },
    },
  };
}
