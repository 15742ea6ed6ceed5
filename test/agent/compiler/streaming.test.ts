import { describe, expect, it } from "vitest";
import { type PlanItem, PlanParser } from "../../../src/agent/compiler/index.js";
import { parseAll, tools } from "./fixtures.js";

const plan = [
  "Thought: I need both speeds.",
  '1. search("falcon")',
  "",
  '2. search(query="cheetah", limit=2)',
  '3. math("speed of $1 times 2")',
  `4. math(problem="\${1} + $2", context=[$1, $2])`,
  "5. serch(x)",
  "6. join()",
  "<END_OF_PLAN>",
].join("\n");

describe("streaming", () => {
  it("yields the same items whether the text comes at once or one character at a time", () => {
    const parser = new PlanParser(tools);
    const items: PlanItem[] = [];
    for (const character of plan) items.push(...parser.push(character));
    items.push(...parser.end());
    expect(items).toEqual(parseAll(plan));
    expect(items.map((item) => item.kind)).toEqual([
      "thought",
      "call",
      "call",
      "call",
      "call",
      "problem",
      "join",
    ]);
  });

  it("yields the same items for chunks cut anywhere, \\r\\n line ends included", () => {
    const windowsPlan = plan.replaceAll("\n", "\r\n");
    for (const size of [2, 3, 7, 16]) {
      const parser = new PlanParser(tools);
      const items: PlanItem[] = [];
      for (let start = 0; start < windowsPlan.length; start += size) {
        items.push(...parser.push(windowsPlan.slice(start, start + size)));
      }
      items.push(...parser.end());
      expect(items).toEqual(parseAll(plan));
    }
  });

  it("produces a call as soon as its line's \\n arrives, before later lines are pushed", () => {
    const parser = new PlanParser(tools);
    expect(parser.push('1. search("fal')).toEqual([]);
    expect(parser.push('con")')).toEqual([]);
    const first = parser.push("\n2. sear");
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: "call", index: 1, call: { id: "1", args: { query: "falcon" } } });
    expect(parser.steps).toHaveLength(1);
    expect(parser.push('ch("cheetah")\n3. join()')).toMatchObject([{ kind: "call", index: 2 }]);
    expect(parser.isJoined).toBe(false);
    expect(parser.end()).toEqual([{ kind: "join", line: 3 }]);
    expect(parser.isJoined).toBe(true);
  });

  it("flushes the last line on end(), even without its \\n", () => {
    const parser = new PlanParser(tools);
    expect(parser.push('1. search("a")')).toEqual([]);
    expect(parser.end()).toMatchObject([{ kind: "call", index: 1, line: 1 }]);
  });
});
