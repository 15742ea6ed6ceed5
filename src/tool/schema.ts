import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { FromSchema, JSONSchema } from "json-schema-to-ts";
import type { ToolInputIssue } from "../errors/tool-input-issue.js";
import { ajv } from "./ajv.js";
import { standardJsonSchema } from "./standard-json-schema.js";

/** A JSON Schema object (draft 2020-12 or draft-07), as model providers take it. */
export type JsonSchema = Exclude<JSONSchema, boolean>;

/**
 * What a tool's input may be described by: any Standard Schema (zod 3.25+ and 4, valibot, arktype…) or a JSON Schema.
 * A Standard Schema that cannot state its JSON Schema needs `inputJsonSchema` beside it: see ToolSchemaError.
 */
export type InputSchema = StandardSchemaV1 | JsonSchema;

/** The same, as plain objects written without `as const` can give it: any object is taken for a JSON Schema. */
export type AnyInputSchema = StandardSchemaV1 | Record<string, unknown>;

/** The type `execute` receives for a given input schema. */
export type InferInput<Schema> = Schema extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<Schema>
  : Schema extends JsonSchema
    ? FromSchema<Schema>
    : unknown;

export type ValidationResult =
  | { isValid: true; value: unknown }
  | { isValid: false; issues: ToolInputIssue[] };

/** A schema ready to check input and to describe itself to a model provider. */
export interface CompiledSchema {
  /** True when the tool declared no schema: every input is accepted as it is. */
  isAnyInput?: boolean;
  validate(value: unknown): ValidationResult | Promise<ValidationResult>;
  jsonSchema: Record<string, unknown>;
}

export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { "~standard"?: { validate?: unknown } })["~standard"]?.validate === "function"
  );
}

/** Accepts everything when a tool declares no schema. */
const anyInput: CompiledSchema = {
  isAnyInput: true,
  validate: (value) => ({ isValid: true, value }),
  jsonSchema: { type: "object", additionalProperties: true },
};

/**
 * Turns a tool's declared schema into a validator. Throws a TypeError naming the tool when the schema itself is
 * invalid, and a ToolSchemaError when it cannot be described as JSON Schema, so a bad tool is caught when it is
 * defined, not when it is first called. `describedAs`, when given, is the JSON Schema models are shown instead of the
 * one derived from `schema`, which still checks the input.
 */
export function compileSchema(
  schema: AnyInputSchema | undefined,
  toolName: string,
  describedAs?: Record<string, unknown>,
): CompiledSchema {
  if (describedAs !== undefined) {
    if (typeof describedAs !== "object" || describedAs === null || Array.isArray(describedAs)) {
      throw new TypeError(
        `Tool "${toolName}": expected \`inputJsonSchema\` to be a JSON Schema object, got ${describeType(describedAs)}`,
      );
    }
    if (schema === undefined) {
      throw new TypeError(
        `Tool "${toolName}": \`inputJsonSchema\` describes the input schema to models, and the tool has none: pass the JSON Schema as its input schema instead`,
      );
    }
  }
  if (schema === undefined) return anyInput;
  if (isStandardSchema(schema)) return compileStandardSchema(schema, toolName, describedAs);
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new TypeError(
      `Tool "${toolName}": the input schema must be a Standard Schema (such as zod) or a JSON Schema object, got ${describeType(schema)}`,
    );
  }
  let validator: ValidateFunction;
  try {
    validator = ajv.compile(schema);
  } catch (error) {
    throw new TypeError(`Tool "${toolName}": the input JSON Schema is invalid: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    validate(value) {
      if (validator(value)) return { isValid: true, value };
      return { isValid: false, issues: (validator.errors ?? []).map(ajvIssue) };
    },
    jsonSchema: describedAs ?? (schema as Record<string, unknown>),
  };
}

function compileStandardSchema(
  schema: StandardSchemaV1,
  toolName: string,
  describedAs: Record<string, unknown> | undefined,
): CompiledSchema {
  const standard = schema["~standard"];
  const validate = (value: unknown): ValidationResult | Promise<ValidationResult> => {
    const result = standard.validate(value);
    return result instanceof Promise ? result.then(standardResult) : standardResult(result);
  };
  // A schema described by `inputJsonSchema` is not converted: that is how a schema with no JSON Schema gets one.
  return { validate, jsonSchema: describedAs ?? standardJsonSchema(schema, toolName) };
}

function standardResult(result: StandardSchemaV1.Result<unknown>): ValidationResult {
  if (result.issues === undefined) return { isValid: true, value: result.value };
  return {
    isValid: false,
    issues: result.issues.map((issue) => ({
      path: formatPath(
        (issue.path ?? []).map((segment) => (typeof segment === "object" ? segment.key : segment)),
      ),
      message: issue.message,
    })),
  };
}

function ajvIssue(error: ErrorObject): ToolInputIssue {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (error.keyword === "required") segments.push(String(error.params.missingProperty));
  if (error.keyword === "additionalProperties") {
    return { path: formatPath(segments), message: `unknown property "${error.params.additionalProperty}"` };
  }
  const message = error.keyword === "required" ? "is required" : (error.message ?? error.keyword);
  return { path: formatPath(segments), message };
}

function formatPath(segments: readonly PropertyKey[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number" || (typeof segment === "string" && /^\d+$/.test(segment)))
      path += `[${String(segment)}]`;
    else path += path === "" ? String(segment) : `.${String(segment)}`;
  }
  return path;
}

export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object"
    ? "an object"
    : `${typeof value} ${JSON.stringify(value) ?? String(value)}`;
}
