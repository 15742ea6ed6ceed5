import { PlanError } from "../errors/plan-error.js";
import { WeftError } from "../errors/weft-error.js";

/** One reason nothing ran: its code, its message and the fields of its kind (a plan problem's `callId`, a file's `line`). */
export interface JsonProblem {
  code: string;
  message: string;
  [field: string]: unknown;
}

/**
 * The document printed instead of a command's own when nothing ran because the input was invalid: by `weft run
 * --json`, `weft agent --json` and `weft tools --json` (each with exit code 2, the error also on stderr), and by the
 * MCP tool `run_plan` (with `isError`). A contract, like the run's document.
 */
export interface JsonInvalidDocument {
  status: "invalid";
  /** Every problem found: each of a plan's problems, or the one error that stopped the command. */
  problems: JsonProblem[];
}

/**
 * Builds the invalid document from the error that stopped a run (or a command) before it started. A PlanError gives
 * its problems; any other weft error (a plan file that cannot be read or parsed, a tools module that does not load, a
 * bad option, a config that does not check) is one problem with its code and fields; a TypeError from `executor.run`
 * is a plan of the wrong shape.
 */
export function toJsonInvalidDocument(error: unknown): JsonInvalidDocument {
  return { status: "invalid", problems: problemsOf(error) };
}

function problemsOf(error: unknown): JsonProblem[] {
  if (PlanError.isInstance(error)) return error.problems.map((problem) => ({ ...problem }));
  if (WeftError.isInstance(error)) return [{ ...error.toJSON(), code: error.code, message: error.message }];
  if (error instanceof TypeError) return [{ code: "PLAN_SHAPE", message: error.message }];
  return [{ code: "UNKNOWN", message: error instanceof Error ? error.message : String(error) }];
}
