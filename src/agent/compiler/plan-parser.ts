import { closestName } from "../../tool/closest-name.js";
import type { ToolDescription } from "../../tool/json-schema.js";
import { bindArguments } from "./bind-arguments.js";
import { LineSplitter, type NumberedLine } from "./line-splitter.js";
import type { PlanItem, PlannedStep, PlanProblemItem } from "./plan-item.js";
import { type LineShape, readPlanLine } from "./read-plan-line.js";
import { type ToolParameters, toolParameters } from "./tool-parameters.js";

export interface PlanParserOptions {
  /**
   * Written before each call number to make the call's id (`idPrefix + N`), and so in each `$ref`. Give every plan
   * of one run its own prefix (`"r2-"`) when a replan adds its calls to the run of an earlier plan. It may not contain
   * `.`, `[` or `]`, which separate a ref's id from its path.
   * @default ""
   */
  idPrefix?: string;
}

/** Where a call number was first used, and why that call could not be planned, if it could not. */
interface IndexUse {
  line: number;
  problem?: string;
}

/**
 * Parses an LLMCompiler plan while the planner streams it: each line is parsed the moment its `\n` arrives, so that
 * its call can start before the rest of the plan is written.
 *
 * @example
 * const parser = new PlanParser(tools.map(describeTool));
 * for await (const event of model.stream(request)) {
 *   if (event.type !== "text-delta") continue;
 *   for (const item of parser.push(event.text)) if (item.kind === "call") run.add(item.call);
 * }
 * for (const item of parser.end()) if (item.kind === "call") run.add(item.call);
 * run.end();
 */
export class PlanParser {
  readonly #tools = new Map<string, ToolParameters>();
  readonly #idPrefix: string;
  readonly #splitter = new LineSplitter();
  readonly #indices = new Map<number, IndexUse>();
  readonly #steps: PlannedStep[] = [];
  readonly #problems: PlanProblemItem[] = [];
  /** The call and problem lines, as `describePlan()` writes them. */
  readonly #planLines: string[] = [];
  #isJoined = false;
  #isEnded = false;

  constructor(tools: readonly ToolDescription[], options: PlanParserOptions = {}) {
    if (!Array.isArray(tools)) throw new TypeError(`Expected \`tools\` to be an array, got ${typeof tools}`);
    for (const tool of tools) {
      if (
        typeof tool?.name !== "string" ||
        typeof tool.inputSchema !== "object" ||
        tool.inputSchema === null
      ) {
        throw new TypeError(
          "Expected every tool to be a ToolDescription: { name, description, inputSchema }",
        );
      }
      this.#tools.set(tool.name, toolParameters(tool));
    }
    const idPrefix = options.idPrefix ?? "";
    if (typeof idPrefix !== "string" || /[.[\]]/.test(idPrefix)) {
      throw new TypeError(
        `Expected \`idPrefix\` to be a string without ".", "[" or "]", got ${JSON.stringify(idPrefix)}`,
      );
    }
    this.#idPrefix = idPrefix;
  }

  /** Adds a piece of the planner's text and returns the items of the lines it completed. */
  push(textDelta: string): PlanItem[] {
    if (this.#isEnded) throw new Error("PlanParser.push() was called after end()");
    return this.#parseLines(this.#splitter.push(textDelta));
  }

  /** Parses the last line, which has no `\n` of its own. Later calls return nothing. */
  end(): PlanItem[] {
    if (this.#isEnded) return [];
    this.#isEnded = true;
    return this.#parseLines(this.#splitter.end());
  }

  /** Whether `join()` was read: the plan is complete, and what follows it is ignored. */
  get isJoined(): boolean {
    return this.#isJoined;
  }

  /** The calls produced so far, in the order of the plan. */
  get steps(): readonly PlannedStep[] {
    return this.#steps;
  }

  /** The lines that could not become calls, so far. */
  get problems(): readonly PlanProblemItem[] {
    return this.#problems;
  }

  /** The plan's call lines as written, one a line, those that could not be planned followed by why: for prompts. */
  describePlan(): string {
    return this.#planLines.join("\n");
  }

  #parseLines(lines: readonly NumberedLine[]): PlanItem[] {
    const items: PlanItem[] = [];
    for (const line of lines) {
      const item = this.#parseLine(line);
      if (item !== undefined) items.push(item);
    }
    return items;
  }

  #parseLine({ line, text: rawText }: NumberedLine): PlanItem | undefined {
    if (this.#isJoined) return undefined;
    const text = rawText.trim();
    const shape = readPlanLine(text, this.#idPrefix, (name) => this.#tools.has(name));
    switch (shape.kind) {
      case "ignored":
        return undefined;
      case "thought":
        return { kind: "thought", line, text: shape.text };
      case "join":
        this.#isJoined = true;
        return { kind: "join", line };
      case "problem":
        return this.#problem(line, text, shape.index, shape.message);
      case "call":
        return this.#call(line, text, shape);
    }
  }

  #call(line: number, text: string, shape: Extract<LineShape, { kind: "call" }>): PlanItem {
    const { index, tool: toolName } = shape;
    const earlier = this.#indices.get(index);
    if (earlier !== undefined) {
      const message = `call number ${index} is already used on line ${earlier.line}: give each call its own number`;
      return this.#problem(line, text, index, message);
    }
    const tool = this.#tools.get(toolName);
    if (tool === undefined) return this.#problem(line, text, index, this.#unknownTool(toolName));
    const bound = bindArguments(toolName, shape.arguments.arguments, tool);
    if ("problem" in bound) return this.#problem(line, text, index, bound.problem);
    const refProblem = this.#checkRefs(index, shape.arguments.refIndices);
    if (refProblem !== undefined) return this.#problem(line, text, index, refProblem);
    const call = { id: `${this.#idPrefix}${index}`, tool: toolName, args: bound.args };
    this.#indices.set(index, { line });
    const step: PlannedStep = { index, tool: toolName, argsText: shape.arguments.text, call };
    this.#steps.push(step);
    this.#planLines.push(text);
    return { kind: "call", line, text, ...step };
  }

  #checkRefs(index: number, refIndices: readonly number[]): string | undefined {
    const undefinedRefs = new Set<number>();
    const messages: string[] = [];
    for (const refIndex of new Set(refIndices)) {
      const use = this.#indices.get(refIndex);
      if (use === undefined) undefinedRefs.add(refIndex);
      else if (use.problem !== undefined) {
        messages.push(`call ${index} uses $${refIndex}, which could not be planned: ${use.problem}`);
      }
    }
    if (undefinedRefs.size > 0) {
      const names = [...undefinedRefs].map((refIndex) => `$${refIndex}`);
      const which = undefinedRefs.size === 1 ? "which is" : "which are";
      messages.unshift(
        `call ${index} refers to ${joinWords(names)}, ${which} not defined before it: a call can only use the results of calls listed above it`,
      );
    }
    return messages.length === 0 ? undefined : messages.join("; ");
  }

  #unknownTool(toolName: string): string {
    const names = [...this.#tools.keys()];
    const suggestion = closestName(toolName, names);
    const hint = suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`;
    return `there is no tool named "${toolName}"${hint}; the tools are: ${names.join(", ") || "none"}`;
  }

  #problem(line: number, text: string, index: number | undefined, message: string): PlanProblemItem {
    const item: PlanProblemItem = { kind: "problem", line, text, message };
    if (index !== undefined) {
      item.index = index;
      // A duplicate number leaves the call that first had it in place, so later refs still reach that one.
      if (!this.#indices.has(index)) this.#indices.set(index, { line, problem: message });
    }
    this.#problems.push(item);
    this.#planLines.push(`${text}  (not run: ${message})`);
    return item;
  }
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
