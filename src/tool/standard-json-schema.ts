import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import { ToolSchemaError } from "../errors/tool-schema-error.js";
import { convertedJsonSchema } from "./converted-json-schema.js";
import { isZodV3Schema, isZodV4Schema, zodV3JsonSchema, zodV4JsonSchema } from "./zod-json-schema.js";

/**
 * The JSON Schema a model is shown for a Standard Schema's input: the one it states itself (the Standard JSON Schema
 * extension: zod ≥ 4.2, valibot and arktype with theirs), else the one zod's converters derive for a zod 4, zod 3.25
 * `zod/v4` or zod 3 schema. Throws a ToolSchemaError for any other Standard Schema, rather than describing the tool
 * as taking any object.
 */
export function standardJsonSchema(schema: StandardSchemaV1, toolName: string): Record<string, unknown> {
  const standard = schema["~standard"] as StandardSchemaV1.Props & Partial<StandardJSONSchemaV1.Props>;
  const converter = standard.jsonSchema;
  if (typeof converter?.input === "function") {
    return convertedJsonSchema(toolName, standard.vendor, () => converter.input({ target: "draft-2020-12" }));
  }
  if (isZodV4Schema(schema)) return zodV4JsonSchema(schema, toolName);
  if (isZodV3Schema(schema)) return zodV3JsonSchema(schema, toolName);
  throw new ToolSchemaError({
    toolName,
    reason: "no-json-schema",
    vendor: standard.vendor,
    detail: `its input is a Standard Schema (vendor "${standard.vendor}") that states no JSON Schema, so models would be told it takes any object`,
  });
}
