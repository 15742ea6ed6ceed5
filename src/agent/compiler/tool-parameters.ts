import type { ToolDescription } from "../../tool/json-schema.js";

/** One parameter of a tool, read from its JSON Schema for matching arguments and for prompts. */
export interface ToolParameter {
  name: string;
  /** A short type for people and models: `string`, `integer | null`, `list of string`, `"a" | "b"`. */
  type: string;
  isRequired: boolean;
  description?: string;
  /** The schema's `default`, when it has one. */
  defaultValue?: unknown;
}

/** A tool's parameters in the order of its schema's `properties`, which is the order of positional arguments. */
export interface ToolParameters {
  parameters: ToolParameter[];
  /** Whether names other than the listed ones are accepted: false only when the schema says so. */
  allowsOtherNames: boolean;
}

/** Reads a tool's parameters from its input schema; a schema that is not an object with properties has none. */
export function toolParameters(tool: ToolDescription): ToolParameters {
  const schema = tool.inputSchema;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const parameters = Object.entries(properties).map(([name, property]): ToolParameter => {
    const parameter: ToolParameter = {
      name,
      type: describeSchemaType(property),
      isRequired: required.has(name),
    };
    if (isRecord(property) && typeof property.description === "string") {
      parameter.description = property.description;
    }
    if (isRecord(property) && "default" in property) parameter.defaultValue = property.default;
    return parameter;
  });
  return { parameters, allowsOtherNames: schema.additionalProperties !== false };
}

/** Writes a JSON Schema as a short type. Anything it does not recognise is `any`, which never misleads. */
export function describeSchemaType(schema: unknown): string {
  if (!isRecord(schema)) return "any";
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  const alternatives = Array.isArray(schema.anyOf) ? schema.anyOf : schema.oneOf;
  if (Array.isArray(alternatives)) return alternatives.map(describeSchemaType).join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const described = types.map((type) => {
    if (type === "array") {
      const items = describeSchemaType(schema.items);
      return items === "any" ? "list" : `list of ${isUnion(items) ? `(${items})` : items}`;
    }
    return typeof type === "string" ? type : "any";
  });
  return described.join(" | ");
}

/** Whether a described type has a `|` outside parentheses, so that it needs them inside `list of`. */
function isUnion(type: string): boolean {
  let depth = 0;
  for (const character of type) {
    if (character === "(") depth++;
    else if (character === ")") depth--;
    else if (character === "|" && depth === 0) return true;
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
