import { describe, expect, it } from "vitest";
import { argsOf, parseAll, problemOf } from "./fixtures.js";

describe("argument values", () => {
  it("reads strings in double and single quotes, with JSON and Python escapes", () => {
    expect(argsOf("1. echo(a=\"double\", b='single')")).toEqual({ a: "double", b: "single" });
    expect(argsOf('1. echo(a="say \\"hi\\"", b=\'it\\\'s\', c="tab\\there\\nnext")')).toEqual({
      a: 'say "hi"',
      b: "it's",
      c: "tab\there\nnext",
    });
    expect(argsOf('1. echo(a="\\u00e9\\x41\\\\", b="keeps \\d as written")')).toEqual({
      a: "éA\\",
      b: "keeps \\d as written",
    });
    expect(argsOf('1. echo(a="it\'s", b=\'say "hi"\', c="")')).toEqual({ a: "it's", b: 'say "hi"', c: "" });
  });

  it("reads numbers: integers, negatives, decimals and exponents", () => {
    expect(argsOf("1. echo(a=42, b=-7, c=3.25, d=-1.5e3, e=2E-2, f=.5, g=0)")).toEqual({
      a: 42,
      b: -7,
      c: 3.25,
      d: -1500,
      e: 0.02,
      f: 0.5,
      g: 0,
    });
  });

  it("reads Python's True/False/None and JSON's true/false/null", () => {
    expect(argsOf("1. echo(a=True, b=False, c=None, d=true, e=false, f=null)")).toEqual({
      a: true,
      b: false,
      c: null,
      d: true,
      e: false,
      f: null,
    });
  });

  it("reads lists, tuples and dicts, nested, with trailing commas and bare keys", () => {
    expect(argsOf('1. echo(a=[1, "two", [3, [None]], {"k": \'v\'},], b=(1, 2), c=[])')).toEqual({
      a: [1, "two", [3, [null]], { k: "v" }],
      b: [1, 2],
      c: [],
    });
    expect(argsOf("1. echo(a={'x': {\"y\": [True, 1.5]}, z: -1, }, b={})")).toEqual({
      a: { x: { y: [true, 1.5] }, z: -1 },
      b: {},
    });
  });

  it("keeps a key named __proto__ as data instead of changing the prototype", () => {
    const args = argsOf('1. echo(a={"__proto__": {"polluted": true}})') as { a: object };
    expect(Object.getPrototypeOf(args.a)).toBe(Object.prototype);
    expect(Object.keys(args.a)).toEqual(["__proto__"]);
  });

  it(`turns a whole-argument ref into $ref, keeping the output's type, written $N or \${N}`, () => {
    const items = parseAll(`1. search("a")\n2. echo(x=$1, y=\${1})`);
    const call = items.find((item) => item.kind === "call" && item.index === 2);
    expect(call?.kind === "call" && call.call.args).toEqual({ x: { $ref: "1" }, y: { $ref: "1" } });
  });

  it("turns refs inside a string into $concat, several in one string, dropping empty parts", () => {
    const items = parseAll(
      `1. search("a")\n2. search("b")\n3. math("speed of \${1} times 2")\n4. math("$1 + $2")\n5. math("$1")`,
    );
    const argsByIndex = new Map(
      items.flatMap((item) => (item.kind === "call" ? [[item.index, item.call.args]] : [])),
    );
    expect(argsByIndex.get(3)).toEqual({ problem: { $concat: ["speed of ", { $ref: "1" }, " times 2"] } });
    expect(argsByIndex.get(4)).toEqual({ problem: { $concat: [{ $ref: "1" }, " + ", { $ref: "2" }] } });
    // Quotes always make text, so a quoted lone ref is a $concat: the output written as text.
    expect(argsByIndex.get(5)).toEqual({ problem: { $concat: [{ $ref: "1" }] } });
  });

  it("turns refs inside lists and dicts into $ref objects there", () => {
    const items = parseAll(
      `1. search("a")\n2. search("b")\n3. echo(items=[$1, {"second": \${2}, "text": "from $2"}])`,
    );
    const call = items.find((item) => item.kind === "call" && item.index === 3);
    expect(call?.kind === "call" && call.call.args).toEqual({
      items: [{ $ref: "1" }, { second: { $ref: "2" }, text: { $concat: ["from ", { $ref: "2" }] } }],
    });
  });

  it("keeps a $ that names no call as text, and reads $$ before a digit as one $", () => {
    expect(argsOf(`1. echo(a="costs $ and $x and \${name} and $", b="under $$500", c="$$x stays")`)).toEqual({
      a: `costs $ and $x and \${name} and $`,
      b: "under $500",
      c: "$$x stays",
    });
  });

  it("refuses unquoted text, naming the column and the fix", () => {
    expect(problemOf("1. echo(a=falcon)").message).toMatch(/"falcon\)" at column 11: write text in quotes/);
  });

  it("refuses a call nested in another", () => {
    expect(problemOf('1. echo(a=search("x"))').message).toContain(
      "own numbered line and pass its result as $N",
    );
  });

  it("refuses an unclosed list and a $ outside quotes that names no call", () => {
    expect(problemOf("1. echo(a=[1, 2)").message).toMatch(/expected "," or "]"/);
    expect(problemOf("1. echo(a=[1, 2").message).toContain('the "[" at column 11 is not closed with "]"');
    expect(problemOf("1. echo(a=$x)").message).toContain('a "$" outside quotes must name a call');
  });
});
