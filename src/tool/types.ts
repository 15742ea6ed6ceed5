import type { BatchOptions, ExecuteBatch } from "./batch.js";
import type { ToolPolicy } from "./policy.js";
import type { AnyInputSchema } from "./schema.js";
import type { ThreadOptions } from "./thread-options.js";

/** What a tool's `execute` receives besides its input. */
export interface ToolContext {
  /** Aborted when the call times out, is cancelled, or its run is cancelled. Pass it on to fetch, child processes… */
  readonly signal: AbortSignal;
  /** The id of the call in its plan. */
  readonly callId: string;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly attempt: number;
  /** The id of the run the call belongs to. */
  readonly runId: string;
  /** Reports progress; it reaches every consumer of the run's events as a `call-progress` event. */
  progress(data: unknown): void;
}

/**
 * A tool as weft runs it. A plain object with a name and an `execute` function is a tool: tools can be written in
 * plain JavaScript with no import from weft.
 */
// biome-ignore lint/suspicious/noExplicitAny: a tool list holds tools of many input types; `any` lets each keep its own.
export interface Tool<Input = any, Output = unknown> extends ToolPolicy, ThreadOptions {
  name: string;
  description?: string;
  /** A Standard Schema (zod 3.25+ and 4, valibot…) or a JSON Schema that the call's arguments must match. */
  inputSchema?: AnyInputSchema;
  /**
   * The JSON Schema models are shown for the input, when `inputSchema` is a Standard Schema that cannot state one
   * (arktype, valibot without its converter, a hand-made one); `inputSchema` still checks the arguments.
   * @default the JSON Schema of `inputSchema`
   * @example { type: "object", properties: { q: { type: "string" } }, required: ["q"] }
   */
  inputJsonSchema?: Record<string, unknown>;
  execute(input: Input, context: ToolContext): Output | Promise<Output>;
  /**
   * Gathers ready calls of this tool into batches for `executeBatch`: see BatchOptions. Each call of a batch holds its
   * own slot, and keeps its own outcome, events, timeout, retries and cancellation.
   * @default calls are not batched
   * @example { maxSize: 64, maxWaitMs: 10 }
   */
  batch?: BatchOptions;
  /** Runs a batch of calls at once, when `batch` is set (both or neither): see ExecuteBatch. */
  executeBatch?: ExecuteBatch<Input, Output>;
}
