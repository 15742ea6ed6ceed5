import type { ToolResultMessage } from "../agent/model.js";
import { ProviderToolNames } from "../agent/tool-names.js";
import { CancelledError } from "../errors/cancelled-error.js";
import { RunClosedError } from "../errors/run-closed-error.js";
import { ToolNotFoundError } from "../errors/tool-not-found-error.js";
import { WeftError } from "../errors/weft-error.js";
import type { CallResult, RunResult } from "../events/run-result.js";
import type { EventListener } from "../events/types.js";
import type { Executor } from "../executor/executor.js";
import type { Run } from "../executor/run.js";
import { describeTool } from "../tool/json-schema.js";
import type { ToolPolicy } from "../tool/policy.js";
import type { Tool } from "../tool/types.js";
import { CallIds } from "./call-ids.js";
import { checkArguments, type ToolCallRequest } from "./check-arguments.js";
import { modelFacingError, type ToolCallProblem } from "./model-facing-error.js";
import { toolResultContent } from "./tool-result-content.js";

/** Options of a `ToolCallBatch` and of `runToolCalls`. */
export interface ToolCallBatchOptions {
  /** Aborting it cancels the calls still running; they end with an error result the model can read. */
  signal?: AbortSignal;
  /** The most calls of this batch running at once (the executor's limits apply too). */
  concurrency?: number;
  /** Per-tool policy overrides for this batch, by tool name: `{ search: { timeoutMs: 5000 } }`. */
  policies?: Record<string, ToolPolicy>;
  /** Called synchronously for every event of the batch's run. */
  onEvent?: EventListener;
}

export type { ToolCallRequest };

/** What one tool call gave back, as the model will read it, with how it ended in the run. */
export interface ToolCallOutcome extends ToolResultMessage {
  /** The call's outcome in the run; absent for a call that never joined it (bad arguments, unknown tool). */
  result?: CallResult;
  /** Why the call failed, when it did (none for a call refused with `refuse()`). */
  error?: WeftError;
}

/** One call in the order the model asked: either in the run under `weftId`, or already answered. */
type Entry =
  | { callId: string; name: string; weftId: string; inputSchema: Record<string, unknown> | undefined }
  | { callId: string; name: string; outcome: ToolCallOutcome };

/**
 * Turns a model's tool calls into one weft run and its outcomes back into tool results. Each call starts the moment
 * it is added, so an agent can add calls while the model is still streaming its turn; `end()` gives the results in
 * the order the model asked for them, whatever order they finished in. Calls that cannot run (arguments that are not
 * a JSON object, an unknown tool) never join the run and get an error result right away: nothing the model writes
 * makes this class throw.
 *
 * @example
 * const batch = new ToolCallBatch(executor, { signal });
 * for await (const event of model.stream(request)) {
 *   if (event.type === "tool-call") batch.add(event.call);
 * }
 * const results = await batch.end(); // [{ callId, name, content, isError, result }]
 */
export class ToolCallBatch {
  /** The weft run holding the batch's calls: subscribe to it for progress events. */
  readonly run: Run;
  readonly #executor: Executor;
  readonly #signal: AbortSignal | undefined;
  readonly #entries: Entry[] = [];
  readonly #ids = new CallIds();
  #tools = new Map<string, Tool>();
  #providerNames: ProviderToolNames | undefined;
  #outcomes: Promise<ToolCallOutcome[]> | undefined;
  #runResult: RunResult | undefined;

  constructor(executor: Executor, options: ToolCallBatchOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `Expected tool call batch options to be an object, got ${options === null ? "null" : typeof options}`,
      );
    }
    this.#executor = executor;
    this.#signal = options.signal;
    this.run = executor.run([], {
      isOpen: true,
      signal: options.signal,
      concurrency: options.concurrency,
      policies: options.policies,
      onEvent: options.onEvent,
    });
  }

  /**
   * Adds one of the model's tool calls; a valid one starts at once. Throws only when called after `end()`, which is
   * a mistake in the calling code, not in the model's output.
   */
  add(call: ToolCallRequest): void {
    if (this.#outcomes !== undefined) {
      throw new TypeError("Cannot add a tool call to a batch after end() was called");
    }
    const callId = String(call.id ?? "");
    const name = String(call.name ?? "");
    const tool = this.#lookUp(name);
    if (tool === undefined) {
      const available = [...this.#tools.keys()];
      // The model knows the tools by the names it was shown, which are the provider-safe ones.
      const availableTools = available.map(
        (toolName) => this.#providerNames?.toProvider(toolName) ?? toolName,
      );
      const error = new ToolNotFoundError({ toolName: name, available });
      this.#answer(callId, name, { kind: "unknown-tool", availableTools }, error);
      return;
    }
    const inputSchema = describeTool(tool).inputSchema;
    const weftId = this.#ids.assign(callId);
    const checked = checkArguments(call, tool.name, weftId);
    if (!checked.isValid) {
      this.#answer(callId, name, checked.problem, checked.error, inputSchema);
      return;
    }
    if (this.#signal?.aborted) {
      const error = new CancelledError({
        callId: weftId,
        reason: "the batch's signal was aborted",
        cause: this.#signal.reason,
      });
      this.#answer(callId, name, { kind: "error", error }, error, inputSchema);
      return;
    }
    try {
      this.run.add({ id: weftId, tool: tool.name, args: checked.input });
    } catch (error) {
      // A run that already stopped, or a plan problem not foreseen here: still a result, never a throw.
      if (!WeftError.isInstance(error)) throw error;
      // Only end() closes the run on purpose; closed before that, it was cancelled and has already finished.
      const reason = "the batch was cancelled before this call arrived";
      const failure = RunClosedError.isInstance(error)
        ? new CancelledError({ callId: weftId, reason })
        : error;
      this.#answer(callId, name, { kind: "error", error: failure }, failure, inputSchema);
      return;
    }
    this.#entries.push({ callId, name, weftId, inputSchema });
  }

  /**
   * Answers a call that this adapter cannot run (an OpenAI custom tool call…) with an error result, in its place
   * among the others.
   */
  refuse(call: { id: string; name: string }, reason: string): void {
    if (this.#outcomes !== undefined) {
      throw new TypeError("Cannot add a tool call to a batch after end() was called");
    }
    this.#answer(String(call.id ?? ""), String(call.name ?? ""), { kind: "unsupported", reason }, undefined);
  }

  /**
   * Declares that the model asked for no more calls. Resolves, once every call has ended, with one outcome per call
   * in the order they were added. Never rejects; calling it again returns the same promise.
   */
  end(): Promise<ToolCallOutcome[]> {
    if (this.#outcomes === undefined) {
      this.run.end();
      this.#outcomes = this.run.result().then((result) => this.#collect(result));
    }
    return this.#outcomes;
  }

  /**
   * The run's result (timings, statuses, the speedup over running the calls one by one), once `end()` has resolved.
   * Throws a TypeError before then; `run.result()` gives it as a promise.
   */
  get result(): RunResult {
    if (this.#runResult === undefined) {
      throw new TypeError("A tool call batch's result is known once the promise end() returned has resolved");
    }
    return this.#runResult;
  }

  #collect(result: RunResult): ToolCallOutcome[] {
    this.#runResult = result;
    const byId = new Map<string, CallResult>();
    for (const call of result.calls) byId.set(call.id, call);
    return this.#entries.map((entry) => {
      if ("outcome" in entry) return entry.outcome;
      const { callId, name } = entry;
      const call = byId.get(entry.weftId);
      if (call === undefined) {
        // Not reachable while the run reports every call it was given; kept so a result is never missing.
        const error = new CancelledError({ callId: entry.weftId, reason: "the call never ran" });
        return {
          callId,
          name,
          content: modelFacingError({ kind: "error", error }, { toolName: name }),
          isError: true,
          error,
        };
      }
      if (call.status === "succeeded") {
        return { callId, name, content: toolResultContent(call.output), isError: false, result: call };
      }
      const problem: ToolCallProblem = { kind: "error", error: call.error };
      const content = modelFacingError(problem, { toolName: name, inputSchema: entry.inputSchema });
      return { callId, name, content, isError: true, result: call, error: call.error };
    });
  }

  #answer(
    callId: string,
    name: string,
    problem: ToolCallProblem,
    error: WeftError | undefined,
    inputSchema?: Record<string, unknown>,
  ): void {
    const content = modelFacingError(problem, { toolName: name, inputSchema });
    const outcome: ToolCallOutcome = { callId, name, content, isError: true };
    if (error !== undefined) outcome.error = error;
    this.#entries.push({ callId, name, outcome });
  }

  /**
   * The tool a model's name stands for: the name itself, or the weft name behind a provider-safe one (`fs_read` for
   * `fs.read`). The executor's tools are read again on a miss, so tools registered after the batch began are found.
   */
  #lookUp(name: string): Tool | undefined {
    const known = this.#tools.get(name) ?? this.#tools.get(this.#providerNames?.toWeft(name) ?? name);
    if (known !== undefined) return known;
    this.#tools = new Map(this.#executor.tools.map((tool) => [tool.name, tool]));
    this.#providerNames = new ProviderToolNames(this.#tools.keys());
    return this.#tools.get(name) ?? this.#tools.get(this.#providerNames.toWeft(name));
  }
}

/**
 * Runs a model's tool calls as one weft run and resolves with their outcomes in the order given.
 *
 * @example
 * const outcomes = await runToolCalls(executor, [{ id: "call_1", name: "search", arguments: '{"query":"weft"}' }]);
 */
export function runToolCalls(
  executor: Executor,
  calls: Iterable<ToolCallRequest>,
  options: ToolCallBatchOptions = {},
): Promise<ToolCallOutcome[]> {
  const batch = new ToolCallBatch(executor, options);
  for (const call of calls) batch.add(call);
  return batch.end();
}
