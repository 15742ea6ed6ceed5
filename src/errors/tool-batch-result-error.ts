import { callSubject } from "./call-subject.js";
import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.ToolBatchResultError");

/**
 * A tool's `executeBatch` returned something other than an array with one item per input: every call of the batch
 * fails with this error (and may be retried, per its tool's retry policy).
 */
export class ToolBatchResultError extends WeftError {
  readonly [marker] = true;
  readonly toolName: string;
  readonly callId: string;
  /** How many calls the batch held. */
  readonly batchSize: number;
  /** What was returned instead, in words: `an array of 2 items`, `undefined`… */
  readonly received: string;

  constructor(options: { toolName: string; callId: string; batchSize: number; received: string }) {
    super(
      "TOOL_BATCH_RESULT_INVALID",
      `${callSubject(options.callId, options.toolName)} failed with its batch: executeBatch returned ${options.received} for a batch of ${options.batchSize} calls; it must return an array with one output (or Error) per input, in order`,
    );
    this.name = "ToolBatchResultError";
    this.toolName = options.toolName;
    this.callId = options.callId;
    this.batchSize = options.batchSize;
    this.received = options.received;
  }

  static override isInstance(error: unknown): error is ToolBatchResultError {
    return hasMarker(error, marker);
  }
}
