import type { Call } from "../../plan/types.js";

/** A numbered call of the plan, ready to be added to a run the moment its line is complete. */
export interface PlanCallItem extends PlannedStep {
  kind: "call";
  /** The line's number in the planner's text, from 1. */
  line: number;
  /** The line as written, trimmed. */
  text: string;
}

/** The planner's `join()`: the plan is complete, and every line after it is ignored. */
export interface PlanJoinItem {
  kind: "join";
  line: number;
}

/** A line of reasoning (`Thought: …`, or any other text that is not a call). */
export interface PlanThoughtItem {
  kind: "thought";
  line: number;
  /** The text without its `Thought:` prefix. */
  text: string;
}

/** A line that could not become a call. Its call is not produced, and calls that use its result are problems too. */
export interface PlanProblemItem {
  kind: "problem";
  line: number;
  /** The line as written, trimmed. */
  text: string;
  /** The call's number, when the line had one. */
  index?: number;
  /** What is wrong, written for the planner to act on. */
  message: string;
}

/** What the plan parser makes of one line. Blank lines, fences and `<END_OF_PLAN>` produce nothing. */
export type PlanItem = PlanCallItem | PlanJoinItem | PlanThoughtItem | PlanProblemItem;

/** A call the parser accepted, as prompts and observations describe it. */
export interface PlannedStep {
  /** The call's number as the planner wrote it; `$index` refers to its output. */
  index: number;
  tool: string;
  /** The text between the call's parentheses, as written. */
  argsText: string;
  /** `{ id: idPrefix + index, tool, args }`, refs written as `{ $ref }` and `{ $concat }`. */
  call: Call;
}

/** The marker the planner writes after `join()`; pass it as a stop sequence so that the turn ends there. */
export const endOfPlanMarker = "<END_OF_PLAN>";
