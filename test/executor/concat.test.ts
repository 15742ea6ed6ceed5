import { describe, expect, it } from "vitest";
import { Executor, PlanError } from "../../src/index.js";

describe("$concat", () => {
  const executor = new Executor({
    tools: [
      { name: "number", execute: (input: { value: number }) => input.value },
      { name: "record", execute: () => ({ speed: 42, tags: ["fast"] }) },
      { name: "echo", execute: (input: unknown) => input },
    ],
  });

  it("joins its parts into one string once the refs resolve, writing non-strings as JSON", async () => {
    const result = await executor
      .run({
        calls: [
          { id: "1", tool: "number", args: { value: 3 } },
          { id: "2", tool: "record" },
          {
            id: "3",
            tool: "echo",
            args: {
              text: { $concat: [{ $ref: "1" }, " + ", { $ref: "2.speed" }, " with ", { $ref: "2.tags" }] },
              whole: { $ref: "2.speed" },
            },
          },
        ],
      })
      .result();
    expect(result.calls[2]?.output).toEqual({ text: '3 + 42 with ["fast"]', whole: 42 });
  });

  it("is refused when it holds no ref, since a plain string says the same", () => {
    expect(() =>
      executor.run({ calls: [{ id: "a", tool: "echo", args: { text: { $concat: ["a", "b"] } } }] }),
    ).toThrow(PlanError);
    try {
      executor.run({ calls: [{ id: "a", tool: "echo", args: { text: { $concat: ["a", "b"] } } }] });
    } catch (error) {
      expect((error as PlanError).message).toContain('"$concat" holds no "$ref"');
    }
  });
});
