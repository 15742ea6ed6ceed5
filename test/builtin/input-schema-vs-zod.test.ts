import type { StandardSchemaV1 } from "@standard-schema/spec";
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod/v4";
import {
  builtinTools,
  type FsListInput,
  type FsReadInput,
  type FsWriteInput,
  type HttpFetchInput,
  type ShellExecInput,
  type SleepInput,
} from "../../src/builtin/index.js";
import { describeTool } from "../../src/index.js";
import { standardJsonSchema } from "../../src/tool/standard-json-schema.js";
import { zodReferenceSchemas } from "./zod-reference-schemas.js";

/**
 * Each built-in tool's schema, from src/builtin/input-schema.ts, held to the zod schema it replaced: the same JSON
 * Schema, and for random inputs near the constraints the same decision, the same output and issues at the same paths.
 */

type ToolName = keyof typeof zodReferenceSchemas;

function validate(schema: StandardSchemaV1, value: unknown): StandardSchemaV1.Result<unknown> {
  const result = schema["~standard"].validate(value);
  if (result instanceof Promise) throw new Error("expected a synchronous result");
  return result;
}

/** Values of the wrong type or out of any range, for any field. */
const junk = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    "",
    " ",
    0,
    -0,
    -1,
    1.5,
    2 ** 53,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
  ),
  fc.string({ maxLength: 4 }),
  fc.double(),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), {
    maxKeys: 3,
  }),
);

/** Mostly `valid` values, sometimes values just past the field's constraints (`nearby`), or junk. */
function field(valid: fc.Arbitrary<unknown>, ...nearby: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: valid },
    ...nearby.map((arbitrary) => ({ weight: 1, arbitrary })),
    { weight: 1, arbitrary: junk },
  );
}

const text = field(fc.oneof(fc.constantFrom("", ".", "a", "src/index.ts"), fc.string()));
const nonEmptyText = field(fc.string({ minLength: 1 }), fc.constant(""));
const positiveInteger = field(
  fc.oneof(fc.integer({ min: 1 }), fc.constantFrom(1, Number.MAX_SAFE_INTEGER)),
  fc.constantFrom(0, -1, 1.5, 2 ** 60, -(2 ** 60)),
);
const positiveNumber = field(fc.double({ min: Number.MIN_VALUE, noDefaultInfinity: true }), fc.double());
const flag = field(fc.boolean());
const strings = field(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), fc.constant([]));
const record = field(
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }),
  fc.constant(JSON.parse('{"__proto__": "x", "a": "b"}')),
);
const oneOf = (...values: string[]) => field(fc.constantFrom(...values), fc.constantFrom("get", "UTF8"));
const url = field(
  fc.oneof(
    fc.webUrl(),
    fc.constantFrom(
      "http://x",
      "https://example.com/a?b#c",
      " https://example.com ",
      "https://exa\nmple.com",
      "HTTPS://EXAMPLE.COM",
      "http://[::1]:8080/",
    ),
  ),
  fc.constantFrom(
    "ftp://example.com",
    "http:example.com",
    "https:/example.com",
    "https://",
    "http://a b",
    "//example.com",
    "mailto:a@b.c",
  ),
);

/** Inputs near each built-in's constraints: any field missing, of the wrong type or at its limits, extra keys. */
const fieldValues: Record<ToolName, Record<string, fc.Arbitrary<unknown>>> = {
  "fs.read": { path: nonEmptyText, encoding: oneOf("utf8", "base64"), maxBytes: positiveInteger },
  "fs.list": { path: nonEmptyText, recursive: flag, maxEntries: positiveInteger, exclude: strings },
  "fs.write": {
    path: nonEmptyText,
    content: text,
    encoding: oneOf("utf8", "base64"),
    createDirectories: flag,
    mode: oneOf("overwrite", "append", "create"),
  },
  "http.fetch": {
    url,
    method: oneOf("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
    headers: record,
    body: text,
    responseType: oneOf("text", "json"),
    maxBytes: positiveInteger,
  },
  "shell.exec": {
    command: strings,
    cwd: nonEmptyText,
    env: record,
    input: text,
    timeoutMs: positiveNumber,
    check: flag,
    maxBytes: positiveInteger,
  },
  sleep: {
    ms: field(fc.double({ min: 0, max: 2_147_483_647, noNaN: true }), fc.constantFrom(-1, 2_147_483_648)),
    value: fc.anything(),
  },
};

const missing = Symbol("missing");

function inputsFor(tool: ToolName): fc.Arbitrary<unknown> {
  const present = Object.fromEntries(
    Object.entries(fieldValues[tool]).map(([key, value]) => [
      key,
      fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: fc.constant(missing) }),
    ]),
  );
  const fields = fc
    .record(present)
    .map((values) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== missing)));
  const extras = fc.dictionary(fc.string({ minLength: 1 }), fc.anything(), { maxKeys: 2 });
  return fc.oneof(
    { weight: 20, arbitrary: fc.tuple(extras, fields).map(([extra, known]) => ({ ...extra, ...known })) },
    { weight: 1, arbitrary: junk },
  );
}
/**
 * Where the issues point, each path once: zod checks a length even on a value of the wrong type (an array given for
 * a string of at least one character gets a second issue, "expected array to have >=1 items"), which weft does not.
 */
function issuePaths(result: StandardSchemaV1.Result<unknown>): string[] {
  return [...new Set((result.issues ?? []).map((issue) => JSON.stringify(issue.path ?? [])))];
}

describe("each built-in's schema against the zod schema it replaces", () => {
  const tools = new Map(builtinTools({ root: process.cwd() }).map((tool) => [tool.name, tool]));

  for (const name of Object.keys(zodReferenceSchemas) as ToolName[]) {
    const reference = zodReferenceSchemas[name];
    const tool = tools.get(name);
    const schema = tool?.inputSchema as StandardSchemaV1;

    it(`${name}: the same JSON Schema, for models and for both sides`, () => {
      expect(describeTool(tool as never).inputSchema).toEqual(standardJsonSchema(reference, name));
      const ours = (schema as unknown as typeof reference)["~standard"].jsonSchema;
      for (const target of ["draft-2020-12", "draft-07"] as const) {
        expect(ours.input({ target })).toEqual(reference["~standard"].jsonSchema.input({ target }));
        expect(ours.output({ target })).toEqual(reference["~standard"].jsonSchema.output({ target }));
      }
    });

    it(`${name}: the same decision, output and issue paths for inputs near its constraints`, () => {
      fc.assert(
        fc.property(inputsFor(name), (input) => {
          const expected = validate(reference, input);
          const actual = validate(schema, input);
          if (expected.issues === undefined) {
            expect(actual).toEqual({ value: expected.value });
          } else {
            expect(issuePaths(actual)).toEqual(issuePaths(expected));
          }
        }),
        { numRuns: 1_000 },
      );
    });
  }

  it("the exported input types are those zod inferred", () => {
    type Reference<Name extends ToolName> = z.output<(typeof zodReferenceSchemas)[Name]>;
    expectTypeOf<FsReadInput>().toEqualTypeOf<Reference<"fs.read">>();
    expectTypeOf<FsListInput>().toEqualTypeOf<Reference<"fs.list">>();
    expectTypeOf<FsWriteInput>().toEqualTypeOf<Reference<"fs.write">>();
    expectTypeOf<HttpFetchInput>().toEqualTypeOf<Reference<"http.fetch">>();
    expectTypeOf<ShellExecInput>().toEqualTypeOf<Reference<"shell.exec">>();
    expectTypeOf<SleepInput>().toEqualTypeOf<Reference<"sleep">>();
  });
});
