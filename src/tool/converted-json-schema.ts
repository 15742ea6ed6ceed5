import { ToolSchemaError } from "../errors/tool-schema-error.js";

/**
 * Runs a schema's JSON Schema converter. A converter that throws (zod's does for a date, a bigint, a custom check…)
 * becomes a ToolSchemaError naming the tool; the `$schema` dialect is dropped, as model providers take the bare schema.
 */
export function convertedJsonSchema(
  toolName: string,
  vendor: string | undefined,
  convert: () => Record<string, unknown>,
): Record<string, unknown> {
  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = convert();
  } catch (error) {
    throw new ToolSchemaError({
      toolName,
      reason: "not-representable",
      vendor,
      detail: `its input schema cannot be expressed as JSON Schema: ${(error as Error).message}`,
      cause: error,
    });
  }
  const { $schema: _dialect, ...rest } = jsonSchema;
  return rest;
}
