import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.JournalError");

/**
 * Why a journal refused a write or a read: a record out of order (`sequence`), a record JSON cannot hold (`record`),
 * a run id that is not a non-empty string (`run-id`), or a journal already closed (`closed`).
 */
export type JournalProblem = "sequence" | "record" | "run-id" | "closed";

/** A journal that refused to write or read; nothing of the refused write was kept. The message says what is wrong. */
export class JournalError extends WeftError {
  readonly [marker] = true;
  /** The run whose journal it was, when the run id itself is not the problem. */
  readonly runId: string | undefined;
  readonly problem: JournalProblem;

  constructor(options: { runId?: string; problem: JournalProblem; detail: string; cause?: unknown }) {
    const subject =
      options.runId === undefined ? "journal" : `journal of run ${JSON.stringify(options.runId)}`;
    super("JOURNAL_REFUSED", `${subject}: ${options.detail}`, { cause: options.cause });
    this.name = "JournalError";
    this.runId = options.runId;
    this.problem = options.problem;
  }

  static override isInstance(error: unknown): error is JournalError {
    return hasMarker(error, marker);
  }
}
