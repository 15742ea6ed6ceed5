import { describe, expect, it } from "vitest";
import { Executor, PlanError, PlanParseError, parsePlan } from "../../src/index.js";
import { parseRef } from "../../src/plan/ref-path.js";

const executor = new Executor({
  tools: [
    { name: "echo", execute: (input: unknown) => input },
    { name: "emit", execute: () => ({ items: [{ name: "first" }], count: 1, nested: { deep: [1, 2, 3] } }) },
  ],
});

function problemsOf(run: () => unknown): PlanError["problems"] {
  try {
    run();
  } catch (error) {
    if (PlanError.isInstance(error)) return error.problems;
    throw error;
  }
  throw new Error("expected a PlanError");
}

describe("plan checking", () => {
  it("reports every problem together, before anything runs", () => {
    let executions = 0;
    const counting = new Executor({ tools: [{ name: "echo", execute: () => ++executions }] });
    const problems = problemsOf(() =>
      counting.run({
        calls: [
          { id: "a", tool: "echo" },
          { id: "a", tool: "echo" },
          { id: "b", tool: "ecko" },
          { id: "c", tool: "echo", args: { x: { $ref: "ghost.field" } } },
          { id: "d", tool: "echo", after: ["nobody"] },
          { id: "e", tool: "echo", after: ["b"] },
        ],
      }),
    );
    expect(problems.map((problem) => problem.code).sort()).toEqual([
      "DUPLICATE_ID",
      "MISSING_DEPENDENCY",
      "MISSING_DEPENDENCY",
      "TOOL_NOT_FOUND",
    ]);
    expect(problems.find((problem) => problem.code === "TOOL_NOT_FOUND")?.message).toContain(
      'did you mean "echo"?',
    );
    expect(executions).toBe(0);
  });

  it("prints a cycle along its calls", () => {
    const problems = problemsOf(() =>
      executor.run({
        calls: [
          { id: "a", tool: "echo", args: { v: { $ref: "c" } } },
          { id: "b", tool: "echo", after: ["a"] },
          { id: "c", tool: "echo", args: { v: { $ref: "b.value" } } },
          { id: "free", tool: "echo" },
        ],
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe("CYCLE");
    const cycle = problems[0]?.cycle as string[];
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect(new Set(cycle)).toEqual(new Set(["a", "b", "c"]));
    expect(problems[0]?.message).toMatch(/^Cycle: (a → b → c → a|b → c → a → b|c → a → b → c)$/);
  });

  it("refuses __proto__, constructor and prototype in ref paths", () => {
    for (const ref of ["a.__proto__.polluted", "a.constructor", 'a["prototype"]']) {
      const problems = problemsOf(() =>
        executor.run({
          calls: [
            { id: "a", tool: "emit" },
            { id: "b", tool: "echo", args: { v: { $ref: ref } } },
          ],
        }),
      );
      expect(problems[0]).toMatchObject({ code: "INVALID_REF", callId: "b" });
      expect(problems[0]?.message).toContain("refused");
    }
  });

  it("refuses ids that would make refs ambiguous, and malformed calls", () => {
    const problems = problemsOf(() =>
      executor.run({
        calls: [
          { id: "a.b", tool: "echo" },
          { id: "", tool: "echo" },
          { tool: "echo" },
          "nope",
          { id: "x", tool: "echo", after: "a" },
        ] as never,
      }),
    );
    expect(problems.map((problem) => problem.code)).toEqual([
      "CALL_SHAPE",
      "CALL_SHAPE",
      "CALL_SHAPE",
      "CALL_SHAPE",
      "CALL_SHAPE",
    ]);
  });

  it("runs an empty plan to an empty success", async () => {
    const result = await executor.run({ calls: [] }).result();
    expect(result).toMatchObject({ status: "succeeded", calls: [], sequentialMs: 0 });
  });
});

describe("refs", () => {
  it("passes outputs with their type, whole or by path", async () => {
    const result = await executor
      .run({
        calls: [
          { id: "src", tool: "emit" },
          {
            id: "use",
            tool: "echo",
            args: {
              whole: { $ref: "src" },
              count: { $ref: "src.count" },
              name: { $ref: "src.items[0].name" },
              deep: { $ref: 'src["nested"].deep[2]' },
              list: [{ $ref: "src.nested.deep" }, "literal"],
            },
          },
        ],
      })
      .result();
    expect(result.calls[1]?.output).toEqual({
      whole: { items: [{ name: "first" }], count: 1, nested: { deep: [1, 2, 3] } },
      count: 1,
      name: "first",
      deep: 3,
      list: [[1, 2, 3], "literal"],
    });
  });

  it("fails only the call whose ref path is missing from the actual output, saying what was there", async () => {
    const result = await executor
      .run({
        calls: [
          { id: "src", tool: "emit" },
          { id: "badIndex", tool: "echo", args: { v: { $ref: "src.items[5].name" } } },
          { id: "badField", tool: "echo", args: { v: { $ref: "src.missing" } } },
          { id: "intoNumber", tool: "echo", args: { v: { $ref: "src.count.value" } } },
          { id: "fine", tool: "echo", args: { v: { $ref: "src.count" } } },
        ],
      })
      .result();
    const byId = Object.fromEntries(result.calls.map((call) => [call.id, call]));
    expect(byId.badIndex?.error?.code).toBe("REF_UNRESOLVED");
    expect(byId.badIndex?.error?.message).toContain("src.items has 1 element, so [5] does not exist");
    expect(byId.badField?.error?.message).toContain(
      'src has no field "missing" (its fields: items, count, nested)',
    );
    expect(byId.intoNumber?.error?.message).toContain(
      'src.count is the number 1, which has no field "value"',
    );
    expect(byId.fine).toMatchObject({ status: "succeeded", output: { v: 1 } });
  });

  it("never follows inherited properties", async () => {
    const result = await executor
      .run({
        calls: [
          { id: "src", tool: "emit" },
          { id: "use", tool: "echo", args: { v: { $ref: "src.toString" } } },
        ],
      })
      .result();
    expect(result.calls[1]?.error?.code).toBe("REF_UNRESOLVED");
  });

  it("parses ref paths", () => {
    expect(parseRef('a.b[0]["c.d"].e')).toEqual({
      text: 'a.b[0]["c.d"].e',
      callId: "a",
      path: ["b", 0, "c.d", "e"],
    });
    expect(parseRef("a..b")).toMatch(/malformed path/);
    expect(parseRef(".b")).toMatch(/does not start with a call id/);
  });
});

describe("plan files", () => {
  it("parses JSON and YAML", () => {
    const json = parsePlan('{ "calls": [ { "id": "a", "tool": "echo" } ] }', "plan.json");
    const yaml = parsePlan("calls:\n  - id: a\n    tool: echo\n    args: { v: { $ref: b } }\n", "plan.yaml");
    expect(json.calls[0]?.id).toBe("a");
    expect(yaml.calls[0]?.args).toEqual({ v: { $ref: "b" } });
  });

  it("names the file, line and column of a syntax error", () => {
    const badJson = () => parsePlan('{\n  "calls": [\n    { "id": "a", }\n  ]\n}', "plans/bad.json");
    expect(badJson).toThrow(PlanParseError);
    expect(badJson).toThrow(/^plans\/bad\.json:3:\d+: not valid JSON/);
    const badYaml = () => parsePlan("calls:\n  - id: a\n   tool: [unclosed\n", "bad.yaml");
    expect(badYaml).toThrow(/^bad\.yaml:\d+:\d+: not valid YAML/);
    try {
      badYaml();
    } catch (error) {
      expect((error as PlanParseError).line).toBeGreaterThanOrEqual(2);
    }
  });

  it("explains the expected shape", () => {
    expect(() => parsePlan("[1, 2]", "list.json")).toThrow(/must be an object with a "calls" array/);
    expect(() => parsePlan("", "empty.json")).toThrow(/empty/);
  });
});
