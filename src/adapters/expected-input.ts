/** Past this many properties the list is cut short: the model needs the gist, not a schema dump. */
const maxProperties = 24;

/**
 * Describes what a tool's input schema expects in one or two sentences a model can act on: the required properties
 * with their types, then the optional ones. Returns an empty string when the schema says nothing useful.
 *
 * @example
 * expectedInput({ type: "object", properties: { query: { type: "string" } }, required: ["query"] });
 * // 'Required properties: "query" (string).'
 */
export function expectedInput(schema: Record<string, unknown> | undefined): string {
  if (schema === undefined) return "";
  const properties = schema.properties;
  if (typeof properties !== "object" || properties === null || Array.isArray(properties)) {
    const type = describeType(schema);
    return type === "" || type === "object" ? "" : `Expected input: ${type}.`;
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const entries = Object.entries(properties as Record<string, unknown>);
  const describe = ([name, property]: [string, unknown]): string => {
    const type =
      typeof property === "object" && property !== null
        ? describeType(property as Record<string, unknown>)
        : "";
    return type === "" ? JSON.stringify(name) : `${JSON.stringify(name)} (${type})`;
  };
  const requiredList = entries.filter(([name]) => required.has(name));
  const optionalList = entries.filter(([name]) => !required.has(name));
  const sentences: string[] = [];
  if (requiredList.length > 0) sentences.push(`Required properties: ${list(requiredList.map(describe))}.`);
  if (optionalList.length > 0) sentences.push(`Optional properties: ${list(optionalList.map(describe))}.`);
  if (schema.additionalProperties === false) sentences.push("No other properties are allowed.");
  if (entries.length === 0) sentences.push("Expected input: an empty object {}.");
  return sentences.join(" ");
}

function list(items: readonly string[]): string {
  if (items.length <= maxProperties) return items.join(", ");
  return `${items.slice(0, maxProperties).join(", ")} and ${items.length - maxProperties} more`;
}

/** A short type for one schema: `string`, `integer`, `array of string`, `one of "a", "b"`. */
function describeType(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) {
    return `one of ${schema.enum
      .slice(0, 12)
      .map((value) => JSON.stringify(value))
      .join(", ")}`;
  }
  if ("const" in schema) return `exactly ${JSON.stringify(schema.const)}`;
  const type = schema.type;
  if (type === "array") {
    const items = schema.items;
    const itemType =
      typeof items === "object" && items !== null ? describeType(items as Record<string, unknown>) : "";
    return itemType === "" ? "array" : `array of ${itemType}`;
  }
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return type.map(String).join(" or ");
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants)) {
    const types = variants
      .map((variant) =>
        typeof variant === "object" && variant !== null
          ? describeType(variant as Record<string, unknown>)
          : "",
      )
      .filter((variantType) => variantType !== "");
    return types.length === variants.length ? types.join(" or ") : "";
  }
  return "";
}
