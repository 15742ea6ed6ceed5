// Tools for trying `weft agent` on this repository with a real model, in plain JavaScript (no import from weft):
//
//   OPENAI_API_KEY=... npx weft agent "How many lines of TypeScript are in src/agent, and in src/adapters?" \
//     --model gpt-4.1-mini --tools examples/agent/repo-tools.js --mode compiler
//
// Each tool only reads: git's list of tracked files, their contents, and arithmetic.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The tracked files that match a git pathspec, such as "src/agent/*.ts". */
export const files = {
  name: "files",
  description: 'List the files of the repository that match a git pathspec such as "src/agent/*.ts".',
  idempotent: true,
  inputSchema: {
    type: "object",
    properties: { pattern: { type: "string", description: "a git pathspec; * matches across folders" } },
    required: ["pattern"],
  },
  execute: async ({ pattern }, { signal }) => {
    const { stdout } = await run("git", ["ls-files", "--", pattern], { signal });
    return stdout.split("\n").filter((line) => line !== "");
  },
};

/** The number of lines in the given files, all together. */
export const countLines = {
  name: "count_lines",
  description: "Count the lines of the given files, all together; returns a number.",
  idempotent: true,
  inputSchema: {
    type: "object",
    properties: { paths: { type: "array", items: { type: "string" } } },
    required: ["paths"],
  },
  execute: async ({ paths }) => {
    let total = 0;
    for (const path of paths) {
      const text = await readFile(path, "utf8");
      total += text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    }
    return total;
  },
};

/** Arithmetic on numbers with + - * / and parentheses, nothing else. */
export const math = {
  name: "math",
  description: "Evaluate arithmetic such as (12 + 30) / 7 and return the number.",
  inputSchema: {
    type: "object",
    properties: { expression: { type: "string" } },
    required: ["expression"],
  },
  execute: ({ expression }) => {
    if (!/^[\d\s+\-*/().]+$/.test(expression)) {
      throw new Error(`only numbers, + - * / and parentheses are allowed, got ${JSON.stringify(expression)}`);
    }
    const value = Function(`"use strict"; return (${expression});`)();
    if (typeof value !== "number" || !Number.isFinite(value))
      throw new Error(`${expression} is not a finite number`);
    return value;
  },
};
