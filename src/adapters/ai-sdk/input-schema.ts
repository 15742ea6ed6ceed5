import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import { asSchema, type FlexibleSchema, type Schema } from "ai";
import { isThenable } from "../../runtime/is-thenable.js";
import { type AnyInputSchema, isStandardSchema } from "../../tool/schema.js";

/**
 * Turns an AI SDK tool's input schema into one weft checks itself:
 * - a Standard Schema that can state its JSON Schema (zod 4, valibot, arktype) is used as it is;
 * - another Standard Schema (zod 3) still validates the input, with the JSON Schema the AI SDK derives for it;
 * - a `jsonSchema()` wrapper gives its JSON Schema, checked with ajv, or its own `validate` when it has one.
 * Throws a TypeError naming the tool when the schema is of none of these kinds, or gives its JSON Schema only
 * asynchronously (weft describes tools synchronously).
 */
export function toWeftInputSchema(
  schema: FlexibleSchema<unknown> | undefined,
  toolName: string,
): AnyInputSchema | undefined {
  if (schema === undefined || schema === null) return undefined;
  if (isStandardSchema(schema)) {
    if (typeof (schema as Partial<StandardJSONSchemaV1>)["~standard"]?.jsonSchema?.input === "function")
      return schema;
    const described = jsonSchemaOf(schema);
    return described === undefined ? schema : withJsonSchema(schema["~standard"].validate, described);
  }
  const resolved: unknown = typeof schema === "function" ? (schema as () => Schema<unknown>)() : schema;
  if (typeof resolved !== "object" || resolved === null || !("jsonSchema" in resolved)) {
    throw new TypeError(
      `AI SDK tool "${toolName}": expected its inputSchema to be a zod or other Standard Schema, or jsonSchema(…), got ${typeof resolved}`,
    );
  }
  const aiSchema = resolved as Schema<unknown>;
  const json = aiSchema.jsonSchema;
  if (isThenable(json)) {
    throw new TypeError(
      `AI SDK tool "${toolName}": its input schema gives its JSON Schema asynchronously; weft needs it up front, so pass the JSON Schema object itself to jsonSchema()`,
    );
  }
  const validate = aiSchema.validate;
  if (validate === undefined) return json as Record<string, unknown>;
  return withJsonSchema((value) => fromAiSdkValidation(validate(value)), json as Record<string, unknown>);
}

/** The JSON Schema the AI SDK derives for a schema, when it can say it at once. */
function jsonSchemaOf(schema: StandardSchemaV1): Record<string, unknown> | undefined {
  try {
    const json = asSchema(schema as FlexibleSchema<unknown>).jsonSchema;
    if (isThenable(json) || typeof json !== "object" || json === null) return undefined;
    const { $schema: _dialect, ...rest } = json as Record<string, unknown>;
    return rest;
  } catch {
    // The AI SDK cannot describe it either: weft describes it as any object and still validates with it.
    return undefined;
  }
}

/** A Standard Schema that validates with `validate` and states `json` as its JSON Schema. */
function withJsonSchema(
  validate: StandardSchemaV1["~standard"]["validate"],
  json: Record<string, unknown>,
): StandardSchemaV1 & StandardJSONSchemaV1 {
  return {
    "~standard": {
      version: 1,
      vendor: "ai-sdk",
      validate,
      jsonSchema: { input: () => json, output: () => json },
    },
  };
}

type AiSdkValidation = { success: true; value: unknown } | { success: false; error: Error };

function fromAiSdkValidation(
  result: AiSdkValidation | PromiseLike<AiSdkValidation>,
): StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>> {
  if (isThenable(result)) return Promise.resolve(result).then(toStandardResult);
  return toStandardResult(result);
}

function toStandardResult(result: AiSdkValidation): StandardSchemaV1.Result<unknown> {
  if (result.success) return { value: result.value };
  return { issues: [{ message: result.error?.message ?? "the input does not match the schema" }] };
}
