import { describe, expect, it } from "vitest";
import { ToolLoadError } from "../../src/errors/tool-load-error.js";
import { toolsFromExports } from "../../src/tool/load-tool-module.js";

const upper = { name: "upper", execute: (input: { text: string }) => input.text.toUpperCase() };
const lower = { name: "lower", execute: (input: { text: string }) => input.text.toLowerCase() };

describe("toolsFromExports", () => {
  it("takes tools from a default array, a default object and named exports, once each", () => {
    expect(toolsFromExports({ default: [upper, lower], upper }, "m.js").map((tool) => tool.name)).toEqual([
      "upper",
      "lower",
    ]);
    expect(toolsFromExports({ default: { upper, lower, version: 2 } }, "m.js")).toHaveLength(2);
    expect(toolsFromExports({ upper, helpers: [lower], answer: 42 }, "m.js")).toHaveLength(2);
    expect(toolsFromExports({ default: upper }, "m.js")).toEqual([upper]);
  });

  it("refuses a default array holding something that is not a tool", () => {
    expect(() => toolsFromExports({ default: [upper, { name: "broken" }] }, "m.js")).toThrow(ToolLoadError);
    expect(() => toolsFromExports({ default: [upper, { name: "broken" }] }, "m.js")).toThrow(/item 1/);
  });

  it("refuses two different tools with one name", () => {
    const otherUpper = { ...upper };
    expect(() => toolsFromExports({ default: [upper], otherUpper }, "m.js")).toThrow(/"upper"/);
  });

  it("finds nothing in a module without tools", () => {
    expect(toolsFromExports({ default: { a: 1 }, b: "x" }, "m.js")).toEqual([]);
  });
});
