import { describe, expect, it } from "vitest";
import { type PlanItem, PlanParser } from "../../../src/agent/compiler/index.js";
import { parseAll, problemOf, tools } from "./fixtures.js";

function callIndices(items: readonly PlanItem[]): number[] {
  return items.flatMap((item) => (item.kind === "call" ? [item.index] : []));
}

describe("PlanParser", () => {
  it("reads the LLMCompiler format: thoughts, numbered calls, join and the end marker", () => {
    const items = parseAll(
      [
        "Thought: I need both speeds.",
        '1. search("falcon")',
        '2. search(query="cheetah")',
        '3. math("speed of $1 times 2")',
        `4. math(problem="\${1} + $2", context=[$1, $2])`,
        "5. join()",
        "<END_OF_PLAN>",
      ].join("\n"),
    );
    expect(items.map((item) => item.kind)).toEqual(["thought", "call", "call", "call", "call", "join"]);
    expect(items[0]).toEqual({ kind: "thought", line: 1, text: "I need both speeds." });
    expect(items[1]).toEqual({
      kind: "call",
      index: 1,
      line: 2,
      text: '1. search("falcon")',
      tool: "search",
      argsText: '"falcon"',
      call: { id: "1", tool: "search", args: { query: "falcon" } },
    });
    expect(items[4]?.kind === "call" && items[4].call).toEqual({
      id: "4",
      tool: "math",
      args: {
        problem: { $concat: [{ $ref: "1" }, " + ", { $ref: "2" }] },
        context: [{ $ref: "1" }, { $ref: "2" }],
      },
    });
    expect(items[5]).toEqual({ kind: "join", line: 6 });
  });

  it("maps positional arguments in the order of the schema's properties, and mixes them with named ones", () => {
    const items = parseAll(
      '1. search("falcon", 3)\n2. search("cheetah", limit=2)\n3. search(limit=1, query="x")',
    );
    expect(items.map((item) => item.kind === "call" && item.call.args)).toEqual([
      { query: "falcon", limit: 3 },
      { query: "cheetah", limit: 2 },
      { limit: 1, query: "x" },
    ]);
  });

  it("ignores blank lines, markdown fences and <END_OF_PLAN>, and accepts N: and N) as numbers", () => {
    const items = parseAll('```\n\n1: search("a")\n   \n2) search("b")\n```\n<END_OF_PLAN>\n');
    expect(callIndices(items)).toEqual([1, 2]);
    expect(items.map((item) => item.line)).toEqual([3, 5]);
  });

  it("takes a line without its closing parenthesis as if it were closed", () => {
    const items = parseAll('3. search("falcon"\n4. search("cheetah", 2');
    expect(items.map((item) => item.kind === "call" && item.call.args)).toEqual([
      { query: "falcon" },
      { query: "cheetah", limit: 2 },
    ]);
  });

  it("ignores text after the closing parenthesis", () => {
    const items = parseAll('1. search("falcon")  # the bird');
    expect(items[0]?.kind === "call" && items[0].call.args).toEqual({ query: "falcon" });
  });

  it("treats an empty plan as an empty plan: only join(), or nothing at all", () => {
    const joinOnly = new PlanParser(tools);
    expect([...joinOnly.push("1. join()\n"), ...joinOnly.end()]).toEqual([{ kind: "join", line: 1 }]);
    expect(joinOnly.isJoined).toBe(true);
    expect(joinOnly.steps).toEqual([]);
    expect(joinOnly.describePlan()).toBe("");
    const nothing = new PlanParser(tools);
    expect(nothing.end()).toEqual([]);
    expect(nothing.isJoined).toBe(false);
  });

  it("accepts join() without a number, and ignores everything after the first join(), a second one included", () => {
    const parser = new PlanParser(tools);
    const items = [
      ...parser.push('1. search("a")\njoin()\n2. search("b")\n3. join()\nbad line(\n'),
      ...parser.end(),
    ];
    expect(items.map((item) => item.kind)).toEqual(["call", "join"]);
    expect(parser.steps.map((step) => step.index)).toEqual([1]);
    expect(parser.problems).toEqual([]);
  });

  it("keeps numbers as written: not starting at 1, with gaps, out of order", () => {
    const items = parseAll('5. search("a")\n9. search("b")\n2. math("$9 and $5")');
    expect(items.map((item) => item.kind === "call" && item.call.id)).toEqual(["5", "9", "2"]);
    expect(items[2]?.kind === "call" && items[2].call.args).toEqual({
      problem: { $concat: [{ $ref: "9" }, " and ", { $ref: "5" }] },
    });
  });

  it("refuses a ref to a call that comes later, and does not produce the call", () => {
    const items = parseAll('1. search("a")\n2. math("$3")\n3. search("b")');
    expect(callIndices(items)).toEqual([1, 3]);
    expect(items[1]).toEqual({
      kind: "problem",
      line: 2,
      index: 2,
      text: '2. math("$3")',
      message:
        "call 2 refers to $3, which is not defined before it: a call can only use the results of calls listed above it",
    });
  });

  it("refuses a ref to a call that never exists, or to the call itself, naming every missing one", () => {
    expect(problemOf(`1. search("a")\n2. echo(x=$9, y="\${8}", z=$1)`).message).toMatch(
      /^call 2 refers to \$9 and \$8, which are not defined before it/,
    );
    expect(problemOf("1. echo(x=$1)").message).toMatch(
      /^call 1 refers to \$1, which is not defined before it/,
    );
  });

  it("refuses a ref to a call whose own line was a problem, saying why that one failed", () => {
    const items = parseAll('1. search falcon\n2. math("double $1")\n3. math("half of $2")');
    expect(callIndices(items)).toEqual([]);
    const [, second, third] = items;
    expect(second?.kind === "problem" && second.message).toMatch(
      /^call 2 uses \$1, which could not be planned: call 1 has no parentheses/,
    );
    expect(third?.kind === "problem" && third.message).toMatch(
      /^call 3 uses \$2, which could not be planned/,
    );
  });

  it("refuses an unknown tool, suggesting the closest name and listing the tools", () => {
    const problem = problemOf('1. serch("falcon")');
    expect(problem).toMatchObject({ line: 1, index: 1, text: '1. serch("falcon")' });
    expect(problem.message).toBe(
      'there is no tool named "serch" (did you mean "search"?); the tools are: search, math, echo',
    );
    expect(problemOf('1. Math("1+1")').message).toContain('(did you mean "math"?)');
    expect(problemOf('1. translate("x")').message).toBe(
      'there is no tool named "translate"; the tools are: search, math, echo',
    );
  });

  it("refuses too many positional arguments, naming the parameters", () => {
    expect(problemOf('1. search("a", 1, 2)').message).toBe(
      "search takes 2 positional arguments (query, limit), got 3",
    );
    expect(problemOf('1. echo("a")').message).toContain("echo takes no positional arguments (got 1)");
  });

  it("refuses a positional argument after a named one, an argument given twice, unknown and missing names", () => {
    expect(problemOf('1. search(limit=1, "a")').message).toContain("positional argument follows a named one");
    expect(problemOf('1. search("a", query="b")').message).toBe('search gets "query" twice');
    expect(problemOf('1. search(query="a", size=2)').message).toBe(
      'search has no parameter "size"; its parameters are "query", "limit"',
    );
    expect(problemOf("1. search(limit=2)").message).toBe('search needs "query", which is missing');
  });

  it("passes unknown names through when the schema does not forbid them", () => {
    const items = parseAll('1. math("1+1", precision=3)\n2. echo(anything=[1])');
    expect(items.map((item) => item.kind === "call" && item.call.args)).toEqual([
      { problem: "1+1", precision: 3 },
      { anything: [1] },
    ]);
  });

  it("reports a line that cannot be read with its line number", () => {
    expect(problemOf("\n\n3. search falcon\n4. join()")).toEqual({
      kind: "problem",
      line: 3,
      index: 3,
      text: "3. search falcon",
      message: 'call 3 has no parentheses: write its arguments inside them, like 3. search("…")',
    });
    expect(problemOf("1. what now?").message).toContain("is not a call: write it as 1. tool_name(arguments)");
    const unterminated = problemOf('Thought: x\n2. search("falcon)');
    expect(unterminated).toMatchObject({ line: 2, index: 2 });
    expect(unterminated.message).toBe(
      'cannot read the arguments of call 2: the string that starts at column 11 is not closed with "',
    );
  });

  it("refuses a number used twice, keeping the first call for later refs", () => {
    const items = parseAll('1. search("a")\n2. search("b")\n2. search("c")\n3. math("$2")');
    expect(items.map((item) => item.kind)).toEqual(["call", "call", "problem", "call"]);
    expect(items[2]).toMatchObject({
      line: 3,
      index: 2,
      message: "call number 2 is already used on line 2: give each call its own number",
    });
  });

  it("treats an unnumbered call to a known tool as a problem, and other free text as a thought", () => {
    const items = parseAll('Here is my plan:\nsearch("falcon")');
    expect(items[0]).toEqual({ kind: "thought", line: 1, text: "Here is my plan:" });
    expect(items[1]).toMatchObject({ kind: "problem", line: 2, text: 'search("falcon")' });
    expect(items[1]?.kind === "problem" && items[1].message).toContain('write it as "N. search(…)"');
  });

  it("prefixes ids and refs with idPrefix, for plans that share a run", () => {
    const items = parseAll('1. search("a")\n2. echo(x=$1, y="v$1")', { idPrefix: "r2-" });
    expect(items.map((item) => item.kind === "call" && item.call)).toEqual([
      { id: "r2-1", tool: "search", args: { query: "a" } },
      { id: "r2-2", tool: "echo", args: { x: { $ref: "r2-1" }, y: { $concat: ["v", { $ref: "r2-1" }] } } },
    ]);
    expect(() => new PlanParser(tools, { idPrefix: "r.2" })).toThrow(TypeError);
  });

  it("describes the plan for prompts: calls as written, problems with why they did not run", () => {
    const parser = new PlanParser(tools);
    parser.push('Thought: go\n1. search("a")\n2. serch("b")\n3. math("$1")\njoin()\n');
    expect(parser.describePlan()).toBe(
      [
        '1. search("a")',
        '2. serch("b")  (not run: there is no tool named "serch" (did you mean "search"?); the tools are: search, math, echo)',
        '3. math("$1")',
      ].join("\n"),
    );
    expect(parser.steps.map((step) => [step.index, step.tool, step.argsText])).toEqual([
      [1, "search", '"a"'],
      [3, "math", '"$1"'],
    ]);
    expect(parser.problems.map((problem) => problem.index)).toEqual([2]);
  });

  it("checks its arguments and refuses text after end()", () => {
    expect(() => new PlanParser("search" as never)).toThrow(/Expected `tools` to be an array/);
    const parser = new PlanParser(tools);
    parser.end();
    expect(parser.end()).toEqual([]);
    expect(() => parser.push("1. join()")).toThrow(/after end\(\)/);
  });
});
