import type { StandardSchemaV1 } from "@standard-schema/spec";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { defineTool, describeTool, Executor, type Tool } from "../../src/index.js";

describe("defineTool", () => {
  it("infers execute's input from a zod schema and from a JSON Schema", () => {
    defineTool({
      name: "typed.zod",
      input: z.object({ query: z.string(), limit: z.number().optional() }),
      execute: (input) => {
        expectTypeOf(input).toEqualTypeOf<{ query: string; limit?: number | undefined }>();
        return input.query;
      },
    });
    defineTool({
      name: "typed.json",
      input: {
        type: "object",
        properties: { path: { type: "string" }, depth: { type: "integer" } },
        required: ["path"],
        additionalProperties: false,
      },
      execute: (input) => {
        expectTypeOf(input.path).toEqualTypeOf<string>();
        expectTypeOf(input.depth).toEqualTypeOf<number | undefined>();
        return input.path;
      },
    });
  });

  it("describes every kind of tool as JSON Schema for model providers", () => {
    const fromZod = defineTool({
      name: "search",
      description: "Searches.",
      input: z.object({ query: z.string().describe("What to look for") }),
      execute: () => [],
    });
    expect(describeTool(fromZod)).toEqual({
      name: "search",
      description: "Searches.",
      inputSchema: {
        type: "object",
        properties: { query: { type: "string", description: "What to look for" } },
        required: ["query"],
      },
    });
    const jsonSchema = { type: "object", properties: { n: { type: "number" } } } as const;
    const plain: Tool = { name: "plain", inputSchema: jsonSchema, execute: () => 1 };
    expect(describeTool(plain).inputSchema).toEqual(jsonSchema);
    expect(describeTool({ name: "bare", execute: () => 1 }).inputSchema).toEqual({
      type: "object",
      additionalProperties: true,
    });
  });

  it("checks input with any Standard Schema, asynchronous ones included", async () => {
    const evenNumber: StandardSchemaV1<unknown, { n: number }> = {
      "~standard": {
        version: 1,
        vendor: "hand-written",
        validate: async (value) => {
          const n = (value as { n?: unknown })?.n;
          return typeof n === "number" && n % 2 === 0
            ? { value: { n } }
            : { issues: [{ message: "must be an even number", path: ["n"] }] };
        },
      },
    };
    // A hand-written Standard Schema states no JSON Schema: `inputJsonSchema` describes it to models.
    const half = defineTool({
      name: "half",
      input: evenNumber,
      inputJsonSchema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] },
      execute: ({ n }) => n / 2,
    });
    const result = await new Executor({ tools: [half] })
      .run({
        calls: [
          { id: "ok", tool: "half", args: { n: 10 } },
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

  it("checks a plain tool's JSON Schema with ajv and names what is wrong", async () => {
    const plain = {
      name: "resize",
      inputSchema: {
        type: "object",
        properties: { width: { type: "integer", minimum: 1 }, url: { type: "string", format: "uri" } },
        required: ["width", "url"],
        additionalProperties: false,
      },
      execute: (input: { width: number }) => input.width,
    };
    const result = await new Executor({ tools: [plain] })
      .run({
        calls: [
          { id: "ok", tool: "resize", args: { width: 10, url: "https://example.test/a.png" } },
          { id: "bad", tool: "resize", args: { width: 0, extra: true } },
        ],
      })
      .result();
    expect(result.calls[0]?.status).toBe("succeeded");
    const message = result.calls[1]?.error?.message ?? "";
    expect(message).toContain("width: must be >= 1");
    expect(message).toContain("url: is required");
    expect(message).toContain('unknown property "extra"');
  });

  it("refuses a bad tool or policy when it is defined, naming the option and the value", () => {
    expect(() => defineTool({ name: "", execute: () => 1 })).toThrow(/non-empty string `name`/);
    expect(() => defineTool({ name: "t", timeoutMs: -5, execute: () => 1 })).toThrow(
      /Tool "t": expected `timeoutMs` to be a positive number, got -5/,
    );
    expect(() => defineTool({ name: "t", concurrency: 1.5, execute: () => 1 })).toThrow(RangeError);
    expect(() => defineTool({ name: "t", timeoutMs: "1s" as never, execute: () => 1 })).toThrow(
      /expected `timeoutMs` to be a number, got "1s" \(string\)/,
    );
    expect(() => defineTool({ name: "t", cache: true, execute: () => 1 })).toThrow(/not idempotent/);
    expect(() => defineTool({ name: "t", input: { type: "nonsense" } as never, execute: () => 1 })).toThrow(
      /input JSON Schema is invalid/,
    );
    expect(() => new Executor({ tools: [{ name: "x" } as never] })).toThrow(/`execute` must be a function/);
    expect(() => new Executor({ concurrency: 0 })).toThrow(
      /new Executor: options\.concurrency must be a whole number of 1 or more.*, got 0$/,
    );
    expect(() => new Executor({ failurePolicy: "stop" as never })).toThrow(
      /options\.failurePolicy must be "continue" or "fail-fast", got "stop"$/,
    );
  });

  it("refuses two different tools with one name", () => {
    const executor = new Executor({ tools: [{ name: "dup", execute: () => 1 }] });
    expect(() => executor.register({ name: "dup", execute: () => 2 })).toThrow(/already registered/);
  });
});
