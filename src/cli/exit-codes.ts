import type { RunResult } from "../events/run-result.js";

/** The exit codes of `weft`: a contract that scripts rely on (see DESIGN.md). */
export const ExitCode = {
  /** Every call succeeded (or the plan was empty). */
  success: 0,
  /** The run finished, with calls that failed, were skipped or were cancelled. */
  callsFailed: 1,
  /** The plan or the command line is invalid, and nothing ran. */
  invalid: 2,
  /** The run was interrupted by SIGINT (Ctrl-C): the calls still running were cancelled, what finished reported. */
  interrupted: 130,
  /** The run was stopped by SIGTERM, handled as SIGINT is. */
  terminated: 143,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The exit code for a run that finished. An interruption (the exit code of the signal that arrived, when one did)
 * wins over the calls' outcomes.
 */
export function exitCodeForRun(result: RunResult, interruptExitCode: ExitCode | undefined): ExitCode {
  if (interruptExitCode !== undefined) return interruptExitCode;
  return result.calls.every((call) => call.status === "succeeded") ? ExitCode.success : ExitCode.callsFailed;
}
