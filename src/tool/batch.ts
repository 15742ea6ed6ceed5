import { describeValue, typeOfValue } from "./describe-value.js";

/**
 * How a tool's ready calls are gathered into batches: a batch is sent when it holds `maxSize` calls, or `maxWaitMs`
 * after its first call was admitted, whichever comes first.
 *
 * @example
 * defineTool({
 *   name: "embed",
 *   input: z.object({ text: z.string() }),
 *   batch: { maxSize: 64, maxWaitMs: 10 },
 *   executeBatch: async (inputs) => (await embedAll(inputs.map((input) => input.text))).vectors,
 *   execute: async ({ text }) => (await embedAll([text])).vectors[0],
 * });
 */
export interface BatchOptions {
  /** The most calls in one batch: a positive integer. */
  maxSize: number;
  /**
   * How long the first call of a batch waits for others, in ms. 0 sends the calls admitted in the same scheduling
   * pass together, without waiting for a timer.
   */
  maxWaitMs: number;
}

/** What `executeBatch` receives besides its inputs. Every array is in the order of the inputs. */
export interface BatchContext {
  /**
   * Aborted only when every call of the batch has been given up (cancelled, or timed out): while one call still waits
   * for its output, the batch keeps running. Each call's own end is still its own: a call that is given up fails or
   * ends cancelled at once, and its item in the returned array is ignored.
   */
  readonly signal: AbortSignal;
  /** The id of each call in its plan. */
  readonly callIds: readonly string[];
  /** The id of each call's run: calls of several runs of one executor may share a batch. */
  readonly runIds: readonly string[];
  /** Each call's attempt: 1 for the first, 2 for the first retry… */
  readonly attempts: readonly number[];
}

/**
 * Runs several calls of a tool at once. Returns (or resolves to) an array as long as `inputs`, in the same order,
 * whose items are each call's output, or an `Error` instance for a call that failed alone. An array of another length
 * fails every call of the batch with a ToolBatchResultError; a thrown error (or a rejection) fails every call of the
 * batch, as if each had thrown it.
 */
// biome-ignore lint/suspicious/noExplicitAny: as Tool's Input: each tool keeps its own input type.
export type ExecuteBatch<Input = any, Output = unknown> = (
  inputs: readonly Input[],
  context: BatchContext,
) => readonly (Output | Error)[] | Promise<readonly (Output | Error)[]>;

/** A tool's batching, checked. */
export interface ResolvedBatch {
  readonly maxSize: number;
  readonly maxWaitMs: number;
  readonly executeBatch: ExecuteBatch;
}

/**
 * Checks a tool's `batch` and `executeBatch` where it is defined: both or neither, `executeBatch` a function,
 * `maxSize` a positive integer, `maxWaitMs` a non-negative finite number, and not a thread tool. Returns undefined for
 * a tool that does not batch. Throws a TypeError or RangeError that names the tool, the field and the value received.
 */
export function resolveBatch(
  toolName: string,
  tool: { batch?: unknown; executeBatch?: unknown; runIn?: unknown },
): ResolvedBatch | undefined {
  const { batch, executeBatch } = tool;
  if (batch === undefined && executeBatch === undefined) return undefined;
  const where = `Tool "${toolName}"`;
  if (batch === undefined) {
    throw new TypeError(
      `${where}: \`executeBatch\` is set but \`batch\` is not; add batch: { maxSize, maxWaitMs } to say how calls are gathered`,
    );
  }
  if (typeof executeBatch !== "function") {
    throw new TypeError(
      executeBatch === undefined
        ? `${where}: \`batch\` is set but \`executeBatch\` is not; add executeBatch(inputs, context) that runs several calls at once`
        : `${where}: expected \`executeBatch\` to be a function, got ${describe(executeBatch)} (${typeOfValue(executeBatch)})`,
    );
  }
  if (typeof batch !== "object" || batch === null || Array.isArray(batch)) {
    throw new TypeError(
      `${where}: expected \`batch\` to be an object { maxSize, maxWaitMs }, got ${describe(batch)} (${typeOfValue(batch)})`,
    );
  }
  if (tool.runIn === "thread") {
    throw new TypeError(
      `${where}: \`executeBatch\` cannot be combined with runIn: "thread"; batches run on the event loop`,
    );
  }
  const { maxSize, maxWaitMs } = batch as Partial<BatchOptions>;
  if (typeof maxSize !== "number" || !Number.isInteger(maxSize) || maxSize < 1) {
    const error = typeof maxSize === "number" ? RangeError : TypeError;
    throw new error(
      `${where}: expected \`batch.maxSize\` to be a positive integer, got ${describe(maxSize)} (${typeOfValue(maxSize)})`,
    );
  }
  if (typeof maxWaitMs !== "number" || !Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
    const error = typeof maxWaitMs === "number" ? RangeError : TypeError;
    throw new error(
      `${where}: expected \`batch.maxWaitMs\` to be a finite number ≥ 0, got ${describe(maxWaitMs)} (${typeOfValue(maxWaitMs)})`,
    );
  }
  return Object.freeze({ maxSize, maxWaitMs, executeBatch: executeBatch as ExecuteBatch });
}

/** `describeValue`, except that a function is "a function" rather than its source text. */
function describe(value: unknown): string {
  return typeof value === "function" ? "a function" : describeValue(value);
}
