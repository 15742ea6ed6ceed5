import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { PlanError } from "../errors/plan-error.js";
import { PlanParseError } from "../errors/plan-parse-error.js";
import { lazyRequire } from "../runtime/lazy-require.js";
import type { Plan } from "./types.js";

/** YAML is loaded by the first YAML plan: JSON plans never pay for the parser. */
const yaml = lazyRequire<typeof import("yaml")>("yaml");

/**
 * Parses a plan from JSON or YAML text. The format follows the file name (`.json`, `.yaml`, `.yml`); without one, JSON
 * is tried first. A syntax error names the file, the line and the column.
 */
export function parsePlan(text: string, fileName = "<plan>"): Plan {
  const extension = extname(fileName).toLowerCase();
  const isYaml =
    extension === ".yaml" || extension === ".yml" || (extension !== ".json" && !/^\s*[[{]/.test(text));
  const value = isYaml ? parseYaml(text, fileName) : parseJson(text, fileName);
  return checkPlanShape(value, fileName);
}

/** Reads and parses a plan file. */
export async function readPlan(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new PlanParseError({ file: path, detail: `cannot read the plan file: ${reason}`, cause: error });
  }
  return parsePlan(text, path);
}

function parseJson(text: string, file: string): unknown {
  if (text.trim() === "")
    throw new PlanParseError({ file, detail: 'the file is empty; a plan is { "calls": [...] }' });
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    let line: number | undefined;
    let column: number | undefined;
    if (lineColumn !== null) {
      line = Number(lineColumn[1]);
      column = Number(lineColumn[2]);
    } else if (position !== null) {
      ({ line, column } = lineAndColumn(text, Number(position[1])));
    } else {
      ({ line, column } = lineAndColumn(text, text.length));
    }
    const detail = `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, "").replace(/\s*\(line \d+ column \d+\)/, "")}`;
    throw new PlanParseError({ file, line, column, detail, cause: error });
  }
}

function parseYaml(text: string, file: string): unknown {
  if (text.trim() === "")
    throw new PlanParseError({ file, detail: "the file is empty; a plan is { calls: [...] }" });
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  const error = document.errors[0];
  if (error !== undefined) {
    const position = lineCounter.linePos(error.pos[0]);
    throw new PlanParseError({
      file,
      line: position?.line,
      column: position?.col,
      detail: `not valid YAML: ${error.message.split("\n")[0]}`,
      cause: error,
    });
  }
  return document.toJS({ maxAliasCount: 100 });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function checkPlanShape(value: unknown, source: string): Plan {
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    !Array.isArray((value as Plan).calls)
  ) {
    throw new PlanError(
      [
        {
          code: "PLAN_SHAPE",
          message: 'A plan must be an object with a "calls" array: { "calls": [ { "id", "tool", "args" } ] }',
        },
      ],
      { source },
    );
  }
  return value as Plan;
}
