import { WeftError } from "../errors/weft-error.js";
import type { CallResult, CallStatus, RunResult, RunStatus } from "../events/run-result.js";
import { roundMs } from "../executor/round-ms.js";

// The `--json` documents are the contract of the CLI and of the MCP server's `run_plan` tool, not of the executor:
// they live in json-output/, which both import, and read the executor's results without the executor knowing them.

/** The error of a call in `--json` output: its code, its message and the fields of its kind. */
export interface JsonCallError {
  code: string;
  message: string;
  [field: string]: unknown;
}

/** One call in `--json` output. Every key is always present; `output` and `error` are null when absent. */
export interface JsonCall {
  id: string;
  tool: string;
  status: CallStatus;
  attempts: number;
  queuedMs: number | null;
  startMs: number | null;
  endMs: number | null;
  durationMs: number;
  output: unknown;
  error: JsonCallError | null;
  isCached: boolean;
  isDeduplicated: boolean;
}

/**
 * The document `weft run --json` prints: a contract (see DESIGN.md). Times are ms from the run's start, rounded to
 * 3 decimals.
 */
export interface JsonRunDocument {
  runId: string;
  status: RunStatus;
  makespanMs: number;
  sequentialMs: number;
  criticalPathMs: number;
  criticalPath: string[];
  speedup: number;
  calls: JsonCall[];
}

/** Builds the `--json` document of a run. */
export function toJsonDocument(result: RunResult): JsonRunDocument {
  return {
    runId: result.runId,
    status: result.status,
    makespanMs: roundMs(result.makespanMs),
    sequentialMs: roundMs(result.sequentialMs),
    criticalPathMs: roundMs(result.criticalPathMs),
    criticalPath: result.criticalPath,
    speedup: roundMs(result.speedup),
    calls: result.calls.map(toJsonCall),
  };
}

/** One call of a run as JSON output shows it, its times rounded to 3 decimals. */
export function toJsonCall(call: CallResult): JsonCall {
  return {
    id: call.id,
    tool: call.tool,
    status: call.status,
    attempts: call.attempts,
    queuedMs: roundMs(call.queuedMs),
    startMs: roundMs(call.startMs),
    endMs: roundMs(call.endMs),
    durationMs: roundMs(call.durationMs),
    output: call.status === "succeeded" ? (call.output ?? null) : null,
    error: call.error === undefined ? null : toJsonError(call.error),
    isCached: call.isCached,
    isDeduplicated: call.isDeduplicated,
  };
}

function toJsonError(error: unknown): JsonCallError {
  if (WeftError.isInstance(error)) {
    const fields = error.toJSON();
    return { ...fields, code: error.code, message: error.message };
  }
  return { code: "UNKNOWN", message: error instanceof Error ? error.message : String(error) };
}
