import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ToolSchemaError");

/** Why a tool's input schema cannot be described to a model as JSON Schema. */
export type ToolSchemaErrorReason =
  /** A Standard Schema (valibot without its converter, arktype, a hand-made one…) that states no JSON Schema. */
  | "no-json-schema"
  /** A zod 3 schema, and the converter it needs (zod-to-json-schema) is not installed. */
  | "converter-missing"
  /** The schema uses something JSON Schema cannot express (a date, a bigint, a custom check…). */
  | "not-representable";

/**
 * A tool's input schema validates input but cannot be shown to a model as JSON Schema. Thrown when the tool is defined
 * or registered, rather than describing the tool to models as taking any object. The fix, whatever the reason: pass
 * the JSON Schema models should see as `inputJsonSchema` beside the schema, which keeps validating the input.
 */
export class ToolSchemaError extends WeftError {
  readonly [marker] = true;
  readonly toolName: string;
  readonly reason: ToolSchemaErrorReason;
  /** The `~standard.vendor` of the schema (`"zod"`, `"valibot"`…), when it has one. */
  readonly vendor: string | undefined;

  constructor(options: {
    toolName: string;
    reason: ToolSchemaErrorReason;
    vendor?: string;
    detail: string;
    cause?: unknown;
  }) {
    super(
      "TOOL_SCHEMA_UNSUPPORTED",
      `Tool "${options.toolName}": ${options.detail}; pass the JSON Schema models should see as \`inputJsonSchema\` beside it (the schema still validates the input)`,
      { cause: options.cause },
    );
    this.name = "ToolSchemaError";
    this.toolName = options.toolName;
    this.reason = options.reason;
    this.vendor = options.vendor;
  }

  static override isInstance(error: unknown): error is ToolSchemaError {
    return hasMarker(error, marker);
  }
}
