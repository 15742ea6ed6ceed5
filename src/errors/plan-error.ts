import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.PlanError");

/** The kind of a plan problem, stable for matching. */
export type PlanProblemCode =
  | "PLAN_SHAPE"
  | "CALL_SHAPE"
  | "DUPLICATE_ID"
  | "TOOL_NOT_FOUND"
  | "MISSING_DEPENDENCY"
  | "INVALID_REF"
  | "CYCLE";

/** One thing wrong with a plan. A plan check reports every problem it finds, not only the first. */
export interface PlanProblem {
  code: PlanProblemCode;
  message: string;
  /** The call the problem is about, when it is about one call. */
  callId?: string;
  /** For a cycle: the ids along it, first id repeated at the end. */
  cycle?: string[];
}

/** A plan that cannot run. Nothing ran; `problems` lists everything that is wrong with it. */
export class PlanError extends WeftError {
  readonly [marker] = true;
  readonly problems: PlanProblem[];

  constructor(problems: PlanProblem[], options: { source?: string } = {}) {
    const where = options.source ? ` in ${options.source}` : "";
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((problem) => `  - ${problem.message}`).join("\n");
    super("PLAN_INVALID", `The plan${where} cannot run (${count}):\n${lines}`);
    this.name = "PlanError";
    this.problems = problems;
  }

  static override isInstance(error: unknown): error is PlanError {
    return hasMarker(error, marker);
  }
}
