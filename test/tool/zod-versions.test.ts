import type { StandardSchemaV1 } from "@standard-schema/spec";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { z as zod3 } from "zod3";
import { z as zod3v3 } from "zod3/v3";
import { z as zod3v4 } from "zod3/v4";
import { z as zod40 } from "zod40";
import { z as zod41 } from "zod41";
import { defineTool, describeTool, Executor, type Tool, ToolSchemaError } from "../../src/index.js";

/** What `execute` receives from every version's schema: the default applied, the optional field optional. */
interface SearchInput {
  query: string;
  limit: number;
  tags?: string[] | undefined;
}

interface ZodCase {
  label: string;
  /** Defines the tool; `execute` states its inferred input type, so the file type-checks only if inference works. */
  define(): Tool;
  /** Defines a tool whose input has a date, which JSON Schema cannot express, or undefined where zod maps it. */
  defineWithDate?: () => Tool;
}

function echo(input: SearchInput): SearchInput {
  return input;
}

const cases: ZodCase[] = [
  {
    label: "zod 3.25 classic (`zod`)",
    define: () =>
      defineTool({
        name: "search",
        input: zod3.object({
          query: zod3.string().describe("What to look for"),
          limit: zod3.number().int().default(10),
          tags: zod3.array(zod3.string()).optional(),
        }),
        execute: (input) => {
          expectTypeOf(input).toEqualTypeOf<SearchInput>();
          return echo(input);
        },
      }),
  },
  {
    label: "zod 3.25 classic (`zod/v3`)",
    define: () =>
      defineTool({
        name: "search",
        input: zod3v3.object({
          query: zod3v3.string().describe("What to look for"),
          limit: zod3v3.number().int().default(10),
          tags: zod3v3.array(zod3v3.string()).optional(),
        }),
        execute: (input) => {
          expectTypeOf(input).toEqualTypeOf<SearchInput>();
          return echo(input);
        },
      }),
  },
  {
    label: "zod 3.25 `zod/v4`",
    define: () =>
      defineTool({
        name: "search",
        input: zod3v4.object({
          query: zod3v4.string().describe("What to look for"),
          limit: zod3v4.number().int().default(10),
          tags: zod3v4.array(zod3v4.string()).optional(),
        }),
        execute: (input) => {
          expectTypeOf(input).toEqualTypeOf<SearchInput>();
          return echo(input);
        },
      }),
    defineWithDate: () =>
      defineTool({ name: "when", input: zod3v4.object({ at: zod3v4.date() }), execute: ({ at }) => at }),
  },
  {
    label: "zod 4.0",
    define: () =>
      defineTool({
        name: "search",
        input: zod40.object({
          query: zod40.string().describe("What to look for"),
          limit: zod40.number().int().default(10),
          tags: zod40.array(zod40.string()).optional(),
        }),
        execute: (input) => {
          expectTypeOf(input).toEqualTypeOf<SearchInput>();
          return echo(input);
        },
      }),
    defineWithDate: () =>
      defineTool({ name: "when", input: zod40.object({ at: zod40.date() }), execute: ({ at }) => at }),
  },
  {
    label: "zod 4.1",
    define: () =>
      defineTool({
        name: "search",
        input: zod41.object({
          query: zod41.string().describe("What to look for"),
          limit: zod41.number().int().default(10),
          tags: zod41.array(zod41.string()).optional(),
        }),
        execute: (input) => {
          expectTypeOf(input).toEqualTypeOf<SearchInput>();
          return echo(input);
        },
      }),
    defineWithDate: () =>
      defineTool({ name: "when", input: zod41.object({ at: zod41.date() }), execute: ({ at }) => at }),
  },
  {
    label: "zod (current 4.x, Standard JSON Schema)",
    define: () =>
      defineTool({
        name: "search",
        input: z.object({
          query: z.string().describe("What to look for"),
          limit: z.number().int().default(10),
          tags: z.array(z.string()).optional(),
        }),
        execute: (input) => {
          expectTypeOf(input).toEqualTypeOf<SearchInput>();
          return echo(input);
        },
      }),
    defineWithDate: () =>
      defineTool({ name: "when", input: z.object({ at: z.date() }), execute: ({ at }) => at }),
  },
];

describe.each(cases)("a tool whose input is written with $label", ({ define, defineWithDate }) => {
  it("is described to models by its real JSON Schema: properties, types, required, defaults, descriptions", () => {
    const { inputSchema } = describeTool(define());
    expect(inputSchema).not.toHaveProperty("$schema");
    expect(inputSchema).toMatchObject({
      type: "object",
      properties: {
        query: { type: "string", description: "What to look for" },
        limit: { type: "integer", default: 10 },
        tags: { type: "array", items: { type: "string" } },
      },
      required: ["query"],
    });
  });

  it("checks arguments and applies defaults when a call runs", async () => {
    const result = await new Executor({ tools: [define()] })
      .run({
        calls: [
          { id: "defaulted", tool: "search", args: { query: "weft" } },
          { id: "given", tool: "search", args: { query: "weft", limit: 3, tags: ["a"] } },
          { id: "wrong", tool: "search", args: { query: 1, limit: 2.5 } },
        ],
      })
      .result();
    expect(result.calls[0]).toMatchObject({ status: "succeeded", output: { query: "weft", limit: 10 } });
    expect(result.calls[1]).toMatchObject({
      status: "succeeded",
      output: { query: "weft", limit: 3, tags: ["a"] },
    });
    expect(result.calls[2]).toMatchObject({ status: "failed", error: { code: "TOOL_INPUT_INVALID" } });
    expect(result.calls[2]?.error?.message).toContain("query");
  });

  it.skipIf(defineWithDate === undefined)(
    "refuses, when defined, an input JSON Schema cannot express (zod-to-json-schema maps a date to a string, so zod 3 classic is skipped)",
    () => {
      const error = captured(() => defineWithDate?.());
      expect(ToolSchemaError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: "TOOL_SCHEMA_UNSUPPORTED",
        reason: "not-representable",
        toolName: "when",
      });
    },
  );
});

describe("a Standard Schema that states no JSON Schema", () => {
  const evenNumber: StandardSchemaV1<unknown, { n: number }> = {
    "~standard": {
      version: 1,
      vendor: "hand-written",
      validate: (value) => {
        const n = (value as { n?: unknown } | null)?.n;
        return typeof n === "number" && n % 2 === 0
          ? { value: { n } }
          : { issues: [{ message: "must be an even number", path: ["n"] }] };
      },
    },
  };

  it("is refused when the tool is defined, with a coded error that says how to fix it", () => {
    const error = captured(() => defineTool({ name: "half", input: evenNumber, execute: ({ n }) => n / 2 }));
    expect(ToolSchemaError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "TOOL_SCHEMA_UNSUPPORTED",
      reason: "no-json-schema",
      vendor: "hand-written",
      toolName: "half",
    });
    expect((error as Error).message).toMatch(/Tool "half": .*states no JSON Schema.*`inputJsonSchema`/);
    const plain = { name: "half", inputSchema: evenNumber, execute: () => 1 };
    expect(() => new Executor({ tools: [plain] })).toThrow(ToolSchemaError);
  });

  it("validates with the Standard Schema and is described by `inputJsonSchema` beside it", async () => {
    const inputJsonSchema = {
      type: "object",
      properties: { n: { type: "integer", multipleOf: 2 } },
      required: ["n"],
    } as const;
    const half = defineTool({ name: "half", input: evenNumber, inputJsonSchema, execute: ({ n }) => n / 2 });
    expect(describeTool(half).inputSchema).toEqual(inputJsonSchema);
    const result = await new Executor({ tools: [half] })
      .run({
        calls: [
          { id: "even", tool: "half", args: { n: 10 } },
          { id: "odd", tool: "half", args: { n: 3 } },
        ],
      })
      .result();
    expect(result.calls[0]).toMatchObject({ status: "succeeded", output: 5 });
    expect(result.calls[1]?.error).toMatchObject({
      code: "TOOL_INPUT_INVALID",
      issues: [{ path: "n", message: "must be an even number" }],
    });
  });

  it("lets `inputJsonSchema` replace what zod derives, and refuses it without a schema or when it is not an object", () => {
    const described = {
      type: "object",
      properties: { q: { type: "string", description: "shown" } },
    } as const;
    const tool = defineTool({
      name: "q",
      input: z.object({ q: z.string() }),
      inputJsonSchema: described,
      execute: ({ q }) => q,
    });
    expect(describeTool(tool).inputSchema).toEqual(described);
    expect(() => defineTool({ name: "q", inputJsonSchema: described, execute: () => 1 })).toThrow(
      /`inputJsonSchema` describes the input schema to models, and the tool has none/,
    );
    expect(() =>
      defineTool({ name: "q", input: z.object({}), inputJsonSchema: "{}" as never, execute: () => 1 }),
    ).toThrow(/expected `inputJsonSchema` to be a JSON Schema object, got string "\{\}"/);
  });
});

function captured(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the action to throw");
}
