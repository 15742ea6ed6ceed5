import { createRequire } from "node:module";
import { ToolSchemaError } from "../errors/tool-schema-error.js";
import { convertedJsonSchema } from "./converted-json-schema.js";

// zod is the user's, not weft's: schemas are recognised by their shape, and a converter is loaded the first time a
// schema needs one, synchronously because tools are checked when they are defined.
const requireModule = createRequire(import.meta.url);

type JsonObject = Record<string, unknown>;

interface ZodV4Core {
  toJSONSchema(schema: unknown, params: JsonObject): JsonObject;
  globalRegistry: { get(schema: unknown): JsonObject | undefined };
}

interface ZodToJsonSchema {
  zodToJsonSchema(schema: unknown, options: JsonObject): JsonObject;
}

/** A schema of zod 4 (classic or mini), or of the `zod/v4` API that zod 3.25 ships. */
export function isZodV4Schema(value: object): boolean {
  const internals = (value as { _zod?: { def?: unknown } })._zod;
  return typeof internals === "object" && internals !== null && typeof internals.def === "object";
}

/** A schema of zod 3's classic API (`zod` 3.x, `zod/v3`). */
export function isZodV3Schema(value: object): boolean {
  return (
    !isZodV4Schema(value) &&
    typeof (value as { _def?: unknown })._def === "object" &&
    (value as { "~standard"?: { vendor?: unknown } })["~standard"]?.vendor === "zod"
  );
}

/**
 * The JSON Schema of a zod 4 schema's input, by zod's own `toJSONSchema` (from the zod installed beside weft, which
 * reads any 4.x or 3.25 `zod/v4` schema by its definition). Descriptions and other metadata are read through the
 * schema's own `meta()`, so they survive when the schema comes from another copy of zod than the converter.
 */
export function zodV4JsonSchema(schema: object, toolName: string): JsonObject {
  const core = loadConverter<ZodV4Core>(
    "zod/v4/core",
    toolName,
    'its input is a zod 4 schema, and "zod/v4/core" cannot be loaded to describe it as JSON Schema (install zod ^3.25 or ^4 beside weft)',
  );
  const metadata = {
    get(inner: unknown): JsonObject | undefined {
      const meta = (inner as { meta?: () => JsonObject | undefined }).meta;
      return (typeof meta === "function" ? meta.call(inner) : undefined) ?? core.globalRegistry.get(inner);
    },
  };
  return convertedJsonSchema(toolName, "zod", () =>
    core.toJSONSchema(schema, { io: "input", target: "draft-2020-12", metadata }),
  );
}

/** The JSON Schema of a zod 3 classic schema's input, by zod-to-json-schema (an optional package, loaded now). */
export function zodV3JsonSchema(schema: object, toolName: string): JsonObject {
  const converter = loadConverter<ZodToJsonSchema>(
    "zod-to-json-schema",
    toolName,
    "its input is a zod 3 schema, which needs the zod-to-json-schema package to be described as JSON Schema: `npm install zod-to-json-schema`, or write the schema with `zod/v4`",
  );
  return convertedJsonSchema(toolName, "zod", () =>
    converter.zodToJsonSchema(schema, {
      target: "jsonSchema7",
      pipeStrategy: "input",
      effectStrategy: "input",
    }),
  );
}

/** A converter package, loaded now (tools are checked when defined); a ToolSchemaError saying `detail` when absent. */
function loadConverter<Converter>(name: string, toolName: string, detail: string): Converter {
  try {
    return requireModule(name) as Converter;
  } catch (error) {
    throw new ToolSchemaError({ toolName, reason: "converter-missing", vendor: "zod", detail, cause: error });
  }
}
