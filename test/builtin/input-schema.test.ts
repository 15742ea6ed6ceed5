import type { StandardSchemaV1 } from "@standard-schema/spec";
import { describe, expect, it } from "vitest";
import { stringArray, stringRecord } from "../../src/builtin/input-collection-fields.js";
import {
  boolean,
  enumOf,
  httpUrl,
  integer,
  number,
  string,
  unknownValue,
} from "../../src/builtin/input-fields.js";
import { objectSchema } from "../../src/builtin/input-schema.js";
import { defineTool, describeTool } from "../../src/index.js";

function validate(schema: StandardSchemaV1, value: unknown): StandardSchemaV1.Result<unknown> {
  const result = schema["~standard"].validate(value);
  if (result instanceof Promise) throw new Error("expected a synchronous result");
  return result;
}

/** The issues as `path: message` lines, the path dotted. */
function issues(schema: StandardSchemaV1, value: unknown): string[] {
  return (validate(schema, value).issues ?? []).map(
    (issue) => `${(issue.path ?? []).map(String).join(".")}: ${issue.message}`,
  );
}

function output(schema: StandardSchemaV1, value: unknown): unknown {
  const result = validate(schema, value);
  if (result.issues !== undefined) throw new Error(`expected no issue, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

describe("input fields", () => {
  it("string: type and minimum length", () => {
    const schema = objectSchema({ name: string({ minLength: 2 }) });
    expect(output(schema, { name: "ab" })).toEqual({ name: "ab" });
    expect(issues(schema, { name: "a" })).toEqual([
      "name: expected at least 2 characters, received 1 character",
    ]);
    expect(issues(schema, { name: "" })).toEqual([
      "name: expected at least 2 characters, received an empty string",
    ]);
    expect(issues(schema, { name: 42 })).toEqual(["name: expected a string, received the number 42"]);
    expect(issues(schema, {})).toEqual(["name: is required (expected a string)"]);
  });

  it("httpUrl: absolute http(s) URLs only, trimmed; a custom message replaces every message", () => {
    const schema = objectSchema({ url: httpUrl() });
    expect(output(schema, { url: " https://example.com/a\t?b \n" })).toEqual({
      url: "https://example.com/a?b",
    });
    expect(output(schema, { url: "HTTP://example.com" })).toEqual({ url: "HTTP://example.com" });
    for (const url of ["ftp://example.com", "http:example.com", "https://", "example.com", "/relative"]) {
      expect(issues(schema, { url })).toEqual([
        `url: expected an absolute http:// or https:// URL, received the string ${JSON.stringify(url)}`,
      ]);
    }
    const custom = objectSchema({ url: httpUrl({ message: "must be a web address" }) });
    expect(issues(custom, { url: "ftp://x" })).toEqual(["url: must be a web address"]);
    expect(issues(custom, { url: 1 })).toEqual(["url: must be a web address"]);
    expect(issues(custom, {})).toEqual(["url: must be a web address"]);
  });

  it("enumOf: one of the listed strings", () => {
    const schema = objectSchema({ encoding: enumOf(["utf8", "base64"]) });
    expect(output(schema, { encoding: "base64" })).toEqual({ encoding: "base64" });
    expect(issues(schema, { encoding: "UTF8" })).toEqual([
      'encoding: expected one of "utf8", "base64", received the string "UTF8"',
    ]);
  });

  it("integer: whole, safe, within its bounds", () => {
    const schema = objectSchema({ count: integer({ exclusiveMinimum: 0, maximum: 10 }) });
    expect(output(schema, { count: 10 })).toEqual({ count: 10 });
    expect(issues(schema, { count: 0 })).toEqual(["count: expected an integer greater than 0, received 0"]);
    expect(issues(schema, { count: 11 })).toEqual(["count: expected an integer of at most 10, received 11"]);
    expect(issues(schema, { count: 1.5 })).toEqual(["count: expected an integer, received the number 1.5"]);
    expect(issues(schema, { count: "3" })).toEqual([
      'count: expected a finite number, received the string "3"',
    ]);
    expect(issues(schema, { count: Number.NaN })).toEqual(["count: expected a finite number, received NaN"]);
    expect(issues(objectSchema({ count: integer() }), { count: 2 ** 60 })).toEqual([
      `count: expected an integer of at most ${Number.MAX_SAFE_INTEGER} (a safe integer), received ${2 ** 60}`,
    ]);
  });

  it("number: finite, within its bounds", () => {
    const schema = objectSchema({ ms: number({ minimum: 0, maximum: 100 }) });
    expect(output(schema, { ms: 0.5 })).toEqual({ ms: 0.5 });
    expect(issues(schema, { ms: -1 })).toEqual(["ms: expected a number of at least 0, received -1"]);
    expect(issues(schema, { ms: 101 })).toEqual(["ms: expected a number of at most 100, received 101"]);
    expect(issues(schema, { ms: Number.POSITIVE_INFINITY })).toEqual([
      "ms: expected a finite number, received Infinity",
    ]);
    expect(issues(objectSchema({ ms: number({ exclusiveMinimum: 0 }) }), { ms: 0 })).toEqual([
      "ms: expected a number greater than 0, received 0",
    ]);
  });

  it("boolean", () => {
    const schema = objectSchema({ flag: boolean() });
    expect(output(schema, { flag: false })).toEqual({ flag: false });
    expect(issues(schema, { flag: "true" })).toEqual([
      'flag: expected a boolean, received the string "true"',
    ]);
  });

  it("stringRecord: a plain object of strings, each wrong value named by its key", () => {
    const schema = objectSchema({ env: stringRecord() });
    expect(output(schema, { env: { A: "1", B: "" } })).toEqual({ env: { A: "1", B: "" } });
    expect(issues(schema, { env: { A: 1, B: "x", C: null } })).toEqual([
      "env.A: expected a string, received the number 1",
      "env.C: expected a string, received null",
    ]);
    expect(issues(schema, { env: ["A=1"] })).toEqual([
      "env: expected an object of strings, received an array of 1 item",
    ]);
    // A `__proto__` key is dropped, never assigned (which would set the record's prototype).
    const parsed = output(schema, { env: JSON.parse('{"__proto__": {"polluted": "yes"}, "A": "1"}') });
    expect(parsed).toEqual({ env: { A: "1" } });
    expect(Object.getPrototypeOf((parsed as { env: object }).env)).toBe(Object.prototype);
  });

  it("stringArray: strings only, at least minItems, with its own messages", () => {
    const schema = objectSchema({
      command: stringArray({
        minItems: 1,
        tooFewMessage: "must name a program",
        wrongTypeMessage: (value) => (typeof value === "string" ? "not a shell string" : undefined),
      }),
    });
    const command = ["ls", "-la"];
    const parsed = output(schema, { command }) as { command: string[] };
    expect(parsed.command).toEqual(command);
    expect(parsed.command).not.toBe(command);
    expect(issues(schema, { command: [] })).toEqual(["command: must name a program"]);
    expect(issues(schema, { command: "ls -la" })).toEqual(["command: not a shell string"]);
    expect(issues(schema, { command: 3 })).toEqual([
      "command: expected an array of strings, received the number 3",
    ]);
    // biome-ignore lint/suspicious/noSparseArray: a hole is reported as the missing string it is.
    expect(issues(schema, { command: [1, "a", , "b"] })).toEqual([
      "command.0: expected a string, received the number 1",
      "command.2: is required (expected a string)",
    ]);
    expect(issues(objectSchema({ list: stringArray() }), { list: [] })).toEqual([]);
  });

  it("unknownValue: anything", () => {
    const schema = objectSchema({ value: unknownValue().optional() });
    for (const value of [null, 0, "", [1], { a: 1 }, undefined])
      expect(output(schema, { value })).toEqual({ value });
  });

  it("optional and default: a missing or undefined field is left out, or receives a fresh copy of its default", () => {
    const schema = objectSchema({
      maybe: string().optional(),
      list: stringArray().default(["a"]),
      flag: boolean().default(true),
    });
    const first = output(schema, {}) as { list: string[] };
    expect(first).toStrictEqual({ list: ["a"], flag: true });
    first.list.push("changed");
    expect(output(schema, { list: undefined, flag: undefined })).toStrictEqual({ list: ["a"], flag: true });
    expect(output(schema, { maybe: undefined })).toStrictEqual({ maybe: undefined, list: ["a"], flag: true });
    expect(issues(schema, { maybe: null })).toEqual(["maybe: expected a string, received null"]);
  });
});

describe("objectSchema", () => {
  const schema = objectSchema(
    {
      method: enumOf(["GET", "POST"]).default("GET"),
      body: string().optional(),
      size: integer({ exclusiveMinimum: 0 }).optional(),
    },
    [
      {
        isKept: (input) => input.body === undefined || input.method !== "GET",
        path: ["body"],
        message: "a GET request cannot have a body",
      },
    ],
  );

  it("is a Standard Schema of vendor weft", () => {
    expect(schema["~standard"]).toMatchObject({ version: 1, vendor: "weft" });
  });

  it("refuses anything but an object, at the root", () => {
    expect(validate(schema, null).issues).toEqual([
      { path: [], message: "expected an object, received null" },
    ]);
    expect(issues(schema, [])).toEqual([": expected an object, received an empty array"]);
    expect(issues(schema, "GET")).toEqual([': expected an object, received the string "GET"']);
  });

  it("drops keys it does not name, as z.object does", () => {
    expect(output(schema, { method: "POST", extra: 1, __proto__: { inherited: true } })).toStrictEqual({
      method: "POST",
    });
  });

  it("runs its rules once every field has the right type, a broken constraint included", () => {
    expect(validate(schema, { body: "x" }).issues).toEqual([
      { path: ["body"], message: "a GET request cannot have a body" },
    ]);
    expect(issues(schema, { body: "x", size: 0 })).toEqual([
      "size: expected an integer greater than 0, received 0",
      "body: a GET request cannot have a body",
    ]);
    expect(issues(schema, { body: "x", size: 1.5 })).toEqual([
      "size: expected an integer, received the number 1.5",
    ]);
    expect(output(schema, { method: "POST", body: "x" })).toEqual({ method: "POST", body: "x" });
  });

  it("states its JSON Schema for draft 2020-12 and draft 07, input and output, and refuses other targets", () => {
    const { jsonSchema } = schema["~standard"];
    const properties = {
      method: { default: "GET", type: "string", enum: ["GET", "POST"] },
      body: { type: "string" },
      size: { type: "integer", exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    };
    expect(jsonSchema.input({ target: "draft-2020-12" })).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties,
    });
    expect(jsonSchema.output({ target: "draft-07" })).toEqual({
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties,
      required: ["method"],
      additionalProperties: false,
    });
    expect(() => jsonSchema.input({ target: "openapi-3.0" })).toThrow(
      /draft-2020-12 or draft-07, not "openapi-3.0"/,
    );
  });

  it("is described to models through the Standard JSON Schema extension, like any schema that states one", () => {
    const tool = defineTool({ name: "probe", input: schema, execute: (input) => input.method });
    expect(describeTool(tool).inputSchema).toEqual({
      type: "object",
      properties: expect.objectContaining({ body: { type: "string" } }),
    });
  });
});
