import { performance } from "node:perf_hooks";
import { CancelledError } from "../errors/cancelled-error.js";
import { DependencyFailedError } from "../errors/dependency-failed-error.js";
import { PlanError } from "../errors/plan-error.js";
import { RunClosedError } from "../errors/run-closed-error.js";
import { ToolExecutionError } from "../errors/tool-execution-error.js";
import { ToolInputError } from "../errors/tool-input-error.js";
import { ToolOutputError } from "../errors/tool-output-error.js";
import { ToolTimeoutError } from "../errors/tool-timeout-error.js";
import { WeftError } from "../errors/weft-error.js";
import { EventStream } from "../events/event-stream.js";
import type { EventListener, WeftEvent } from "../events/types.js";
import { dependenciesOf } from "../plan/batch-graph.js";
import { checkCalls } from "../plan/check-plan.js";
import { resolveRefs } from "../plan/refs.js";
import type { Call, Ref } from "../plan/types.js";
import { Gate } from "../scheduler/gate.js";
import type { Schedulable } from "../scheduler/scheduler.js";
import { canonicalJson } from "../store/canonical-json.js";
import type { ResolvedPolicy, ToolPolicy } from "../tool/policy.js";
import { resolvePolicy } from "../tool/resolve-policy.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { ValidationResult } from "../tool/schema.js";
import { Attempt } from "./attempt.js";
import { backoffDelay } from "./backoff.js";
import { buildResult } from "./build-result.js";
import { CallNumbers, Slot } from "./call-numbers.js";
import { CallState, type ToolSetup } from "./call-state.js";
import { checkOutput } from "./check-output.js";
import { checkFailurePolicy, checkPositive, type ExecutorCore, type FailurePolicy } from "./executor.js";
import type { CallStatus, RunResult, RunStatus } from "./result.js";

export interface RunOptions {
  /** Aborting it cancels the whole run: running calls are aborted, the rest cancelled. */
  signal?: AbortSignal;
  /** The most calls of this run running at once (the executor's limit applies too). */
  concurrency?: number;
  /** Overrides the executor's failure policy for this run. */
  failurePolicy?: FailurePolicy;
  /** Per-tool policy overrides for this run, by tool name: `{ "http.fetch": { timeoutMs: 5000 } }`. */
  policies?: Record<string, ToolPolicy>;
  /**
   * Keep the run open for calls added with `add()` until `end()` is called, for plans that arrive while a model is
   * still writing them.
   * @default false
   */
  isOpen?: boolean;
  /** A listener called synchronously for every event: cheaper than iterating `events`. */
  onEvent?: EventListener;
  /** @default a random id */
  runId?: string;
}

let runCounter = 0;

/**
 * The input of a call written without args. Frozen and shared: inputs are read-only to tools (a whole-argument ref
 * hands the same object to every dependent), and a plan of a million calls without args then makes no objects.
 */
const noArgs: Readonly<Record<string, never>> = Object.freeze({});

/** A run of a plan: its events, its result, and the means to grow or cancel it. */
export class Run {
  readonly id: string;
  readonly #core: ExecutorCore;
  readonly #events = new EventStream();
  readonly #indexById = new Map<string, number>();
  #calls: CallState[] = [];
  /** The calls, batch by batch, each batch in an order where every call comes after its dependencies. */
  readonly #orders: CallState[][] = [];
  /** Calls with no dependencies, which start the run. */
  readonly #roots: CallState[] = [];
  /** Dependencies each call still waits for, by call index. */
  #pending: Int32Array<ArrayBuffer> = new Int32Array(0);
  /** Times, ranks and estimates of the run's calls. */
  readonly numbers = new CallNumbers();
  readonly #policies: Map<string, { policy: ResolvedPolicy; gate: Gate<Schedulable> | undefined }>;
  readonly #policyOverrides: Record<string, ToolPolicy>;
  readonly #gate: Gate<Schedulable> | undefined;
  readonly #failurePolicy: FailurePolicy;
  readonly #startTime = performance.now();
  readonly #isOpen: boolean;
  readonly #signal: AbortSignal | undefined;
  readonly #givenUp = new Set<Attempt>();
  readonly #setups = new Map<ResolvedTool, ToolSetup>();
  /** Outcomes of tools that returned synchronously, as (call, attempt, output) triples awaiting one microtask. */
  #settledSynchronously: unknown[] = [];
  #isStarted = false;
  #isEnded = false;
  #isFinished = false;
  #stopReason: { status: "skipped" | "cancelled"; message: string; cause?: unknown } | undefined;
  #unfinished = 0;
  #endTime = 0;
  readonly #resultPromise: Promise<RunResult>;
  #resolveResult!: (result: RunResult) => void;

  constructor(core: ExecutorCore, calls: readonly unknown[], options: RunOptions) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `Expected run options to be an object, got ${options === null ? "null" : typeof options}`,
      );
    }
    this.#core = core;
    this.id = options.runId ?? `run-${Date.now().toString(36)}-${(runCounter++).toString(36)}`;
    this.#failurePolicy = options.failurePolicy ?? core.failurePolicy;
    checkFailurePolicy(this.#failurePolicy);
    if (options.concurrency !== undefined) checkPositive("concurrency", options.concurrency, true);
    this.#gate =
      options.concurrency === undefined || options.concurrency === Number.POSITIVE_INFINITY
        ? undefined
        : new Gate<Schedulable>(`run:${this.id}`, options.concurrency);
    this.#policyOverrides = options.policies ?? {};
    this.#policies = new Map();
    for (const [toolName, override] of Object.entries(this.#policyOverrides)) {
      const tool = core.lookupTool(toolName);
      if (tool === undefined)
        throw new TypeError(`\`policies\` names tool "${toolName}", which is not registered`);
      const policy = resolvePolicy(toolName, tool.tool, override);
      const gate =
        override.concurrency === undefined
          ? undefined
          : new Gate<Schedulable>(`run-tool:${toolName}`, override.concurrency);
      this.#policies.set(toolName, { policy, gate });
    }
    this.#isOpen = options.isOpen ?? false;
    this.#signal = options.signal;
    if (options.onEvent !== undefined) this.#events.subscribe(options.onEvent);
    this.#resultPromise = new Promise((resolve) => {
      this.#resolveResult = resolve;
    });
    this.#addCalls(calls);
    // A closed plan never looks a call up by id again: let the map go rather than hold it through the run.
    if (!this.#isOpen) this.#indexById.clear();
    if (!this.#signal?.aborted) this.#signal?.addEventListener("abort", this.#onAbort, { once: true });
    queueMicrotask(() => this.#start());
  }

  /** Every event of the run from the moment iteration begins; ends after `run-end`. */
  get events(): AsyncIterable<WeftEvent> {
    return this.#events.iterate();
  }

  /** Calls `listener` synchronously for every later event. Returns a function that unsubscribes. */
  subscribe(listener: EventListener): () => void {
    return this.#events.subscribe(listener);
  }

  /** Resolves when every call has ended. Never rejects: failures are in the calls' outcomes. */
  result(): Promise<RunResult> {
    return this.#resultPromise;
  }

  /** Milliseconds since the run started. */
  now(): number {
    return performance.now() - this.#startTime;
  }

  /**
   * Adds calls to an open run. They may depend on calls already added. Throws a PlanError if they cannot run, or a
   * RunClosedError if the run is not open or has ended.
   */
  add(calls: Call | readonly Call[]): void {
    if (!this.#isOpen)
      throw new RunClosedError({ runId: this.id, reason: "it was not started with isOpen: true" });
    if (this.#isEnded || this.#isFinished) {
      throw new RunClosedError({ runId: this.id, reason: "end() was already called" });
    }
    this.#addCalls(Array.isArray(calls) ? calls : [calls as Call]);
  }

  /** Declares an open run complete: it ends once the calls already added have ended. */
  end(): void {
    this.#isEnded = true;
    if (this.#isStarted) this.#finishIfDone();
  }

  /** Cancels the run: running calls are aborted, the others never start. */
  cancel(reason = "the run was cancelled"): void {
    this.#stop({ status: "cancelled", message: reason });
  }

  #onAbort = (): void => {
    const reason = this.#signal?.reason;
    this.#stop({
      status: "cancelled",
      message: reason instanceof Error ? reason.message : "the run's signal was aborted",
      cause: reason,
    });
  };

  #addCalls(calls: readonly unknown[]): void {
    const core = this.#core;
    this.numbers.ensure(this.#calls.length + calls.length);
    const checked = checkCalls(calls, {
      lookupTool: core.lookupTool,
      toolNames: core.toolNames,
      indexById: this.#indexById,
      earlierIndexOf: (id) => this.#calls.findIndex((call) => call.id === id),
      firstIndex: this.#calls.length,
      createNode: (call, index, tool, refs) =>
        new CallState(call, index, refs, this, this.#setupFor(tool), core.nextSequence()),
    });
    if (checked.problems.length > 0) throw new PlanError(checked.problems);
    const { nodes, order, graph } = checked;
    const firstIndex = this.#calls.length;
    for (const node of nodes) node.graph = graph;
    // The first batch's list becomes the run's list as it is: no copy of a million pointers.
    if (firstIndex === 0) this.#calls = nodes;
    else for (const node of nodes) this.#calls.push(node);
    this.#unfinished += nodes.length;
    this.#pending = withCapacity(this.#pending, this.#calls.length);
    const pending = this.#pending;
    // Ranks in reverse topological order: every dependent of a new call is new, so its rank is in `ranks` already.
    const { dependentOffsets: offsets, dependentTargets: targets, dependencyOffsets } = graph;
    const ranks = new Float64Array(nodes.length);
    const estimates = new Map<ResolvedTool, number>();
    for (let position = order.length - 1; position >= 0; position--) {
      const node = order[position] as CallState;
      const local = node.index - firstIndex;
      let estimate = estimates.get(node.tool);
      if (estimate === undefined) {
        estimate =
          core.costModel.estimate(node.tool.name) ?? node.policy.estimateMs ?? core.defaultEstimateMs;
        estimates.set(node.tool, estimate);
      }
      let longestAfter = 0;
      for (let edge = offsets[local] as number; edge < (offsets[local + 1] as number); edge++) {
        const rank = ranks[(targets[edge] as number) - firstIndex] as number;
        if (rank > longestAfter) longestAfter = rank;
      }
      const rank = estimate + longestAfter;
      ranks[local] = rank;
      node.estimate = estimate;
      node.rank = rank;
      const dependencyCount = (dependencyOffsets[local + 1] as number) - (dependencyOffsets[local] as number);
      pending[node.index] = dependencyCount;
      if (dependencyCount === 0 && !this.#isStarted) this.#roots.push(node);
    }
    for (const { dependencyIndex, dependentIndex } of checked.crossLinks) {
      const dependency = this.#calls[dependencyIndex] as CallState;
      dependency.extraDependents ??= [];
      dependency.extraDependents.push(dependentIndex);
      this.#raiseRank(dependency, (this.#calls[dependentIndex] as CallState).rank);
    }
    this.#orders.push(order);
    if (this.#isStarted) {
      for (const node of order) this.#enter(node);
      this.#core.scheduler.pump();
    }
  }

  /** The policy and gates of a tool's calls in this run, worked out once per tool. */
  #setupFor(tool: ResolvedTool): ToolSetup {
    let setup = this.#setups.get(tool);
    if (setup !== undefined) return setup;
    const override = this.#policies.get(tool.name);
    const gates: Gate<Schedulable>[] = [];
    if (this.#gate !== undefined) gates.push(this.#gate);
    const toolGate = this.#core.toolGate(tool);
    if (toolGate !== undefined) gates.push(toolGate);
    if (override?.gate !== undefined) gates.push(override.gate);
    setup = { tool, policy: override?.policy ?? tool.policy, gates };
    this.#setups.set(tool, setup);
    return setup;
  }

  /** A call added to a running plan lengthens the path behind its dependencies: raise their ranks to match. */
  #raiseRank(start: CallState, dependentRank: number): void {
    const stack: [CallState, number][] = [[start, dependentRank]];
    while (stack.length > 0) {
      const [node, rankAfter] = stack.pop() as [CallState, number];
      const rank = node.estimate + rankAfter;
      if (node.isFinal || rank <= node.rank) continue;
      node.rank = rank;
      this.#core.scheduler.rankIncreased(node);
      for (const dependency of dependenciesOf(node.graph, node.index)) {
        stack.push([this.#calls[dependency] as CallState, rank]);
      }
    }
  }

  #start(): void {
    this.#isStarted = true;
    if (this.#events.hasListeners) {
      this.#emit({
        type: "run-start",
        runId: this.id,
        time: this.now(),
        calls: this.#calls.length,
        concurrency: this.#core.scheduler.concurrency,
      });
    }
    // A run stopped before it started (aborted signal, cancel()) still gives every call its outcome, through #enter.
    if (this.#signal?.aborted) this.#onAbort();
    if (this.#events.hasListeners || this.#stopReason !== undefined) {
      for (const order of this.#orders) for (const node of order) this.#enter(node, true);
    } else {
      // Nobody listens for call-queued: only the calls without dependencies need visiting; the others are prepared
      // when their last dependency ends.
      for (const node of this.#roots) this.#enter(node, true);
    }
    this.#core.scheduler.pump();
    this.#finishIfDone();
  }

  /** A call joins the live run: it waits for its dependencies, or is ready at once. */
  #enter(node: CallState, isRunStart = false): void {
    if (node.phase !== "new") return;
    if (this.#events.hasListeners) {
      this.#emit({
        type: "call-queued",
        runId: this.id,
        time: this.now(),
        callId: node.id,
        tool: node.tool.name,
        dependencies: dependenciesOf(node.graph, node.index).map(
          (dependency) => (this.#calls[dependency] as CallState).id,
        ),
      });
    }
    if (this.#stopReason !== undefined) {
      this.#finish(node, this.#stopReason.status, this.#stopError(node));
      return;
    }
    node.phase = "waiting";
    if (isRunStart) {
      // The count was set when the call was added and kept as dependencies ended: no need to look at them.
      if (this.#pending[node.index] === 0) this.#prepare(node);
      return;
    }
    let pending = 0;
    for (const dependencyIndex of dependenciesOf(node.graph, node.index)) {
      const dependency = this.#calls[dependencyIndex] as CallState;
      if (dependency.phase === "succeeded") continue;
      if (dependency.isFinal) {
        this.#finish(node, "skipped", dependencyError(node, dependency));
        return;
      }
      pending++;
    }
    this.#pending[node.index] = pending;
    if (pending === 0) this.#prepare(node);
  }

  /** Resolves refs and checks the input; a valid call is served from cache or enters the ready heap. */
  #prepare(node: CallState): void {
    node.phase = "preparing";
    node.queuedAt = this.now();
    let input: unknown = node.call.args ?? noArgs;
    if (node.refs.length > 0) {
      try {
        input = resolveRefs(node.id, input, (id) => this.#referencedOutput(node, id));
      } catch (error) {
        this.#finish(node, "failed", error as WeftError);
        return;
      }
    }
    if (node.tool.schema.isAnyInput) {
      node.input = input;
      this.#inputAccepted(node);
      return;
    }
    const validation = node.tool.schema.validate(input);
    if (validation instanceof Promise) {
      validation.then(
        (result) => {
          if (node.phase !== "preparing") return;
          this.#inputChecked(node, result);
          this.#core.scheduler.pump();
        },
        (error: unknown) => {
          if (node.phase !== "preparing") return;
          this.#finish(
            node,
            "failed",
            new ToolInputError({
              toolName: node.tool.name,
              callId: node.id,
              issues: [
                { path: "", message: `the schema threw: ${(error as Error)?.message ?? String(error)}` },
              ],
            }),
          );
          this.#core.scheduler.pump();
        },
      );
      return;
    }
    this.#inputChecked(node, validation);
  }

  #inputChecked(node: CallState, validation: ValidationResult): void {
    if (!validation.isValid) {
      this.#finish(
        node,
        "failed",
        new ToolInputError({ toolName: node.tool.name, callId: node.id, issues: validation.issues }),
      );
      return;
    }
    node.input = validation.value;
    this.#inputAccepted(node);
  }

  #inputAccepted(node: CallState): void {
    if (node.policy.idempotent) {
      node.key = keyOf(node.tool.name, node.input);
      if (node.key !== undefined && node.policy.cacheTtlMs !== undefined) {
        const hit = this.#core.cache.get(node.key);
        if (hit !== undefined) {
          node.isCached = true;
          node.startedAt = node.queuedAt;
          this.#finish(node, "succeeded", undefined, hit.value);
          return;
        }
      }
    }
    this.#makeReady(node);
  }

  #makeReady(node: CallState): void {
    node.phase = "ready";
    if (this.#events.hasListeners) {
      this.#emit({
        type: "call-ready",
        runId: this.id,
        time: this.now(),
        callId: node.id,
        tool: node.tool.name,
        rank: node.rank,
      });
    }
    this.#core.scheduler.enqueue(node);
  }

  /** Called by the scheduler once the call has a slot. Returns false when it needs none. */
  dispatch(node: CallState): boolean {
    if (node.key !== undefined) {
      const inFlight = this.#core.inFlight;
      const leader = inFlight.get(node.key);
      if (leader !== undefined && leader !== node) {
        node.phase = "running";
        node.leader = leader;
        node.isDeduplicated = true;
        if (node.startedAt < 0) node.startedAt = this.now();
        leader.followers ??= [];
        leader.followers.push(node);
        return false;
      }
      inFlight.set(node.key, node);
    }
    this.#startAttempt(node);
    return true;
  }

  #startAttempt(node: CallState): void {
    const startedAt = this.now();
    node.phase = "running";
    node.attempts++;
    if (node.startedAt < 0) node.startedAt = startedAt;
    this.numbers.set(node.index, Slot.AttemptStartedAt, startedAt);
    const attempt = new Attempt(node, node.attempts);
    node.attempt = attempt;
    if (this.#events.hasListeners) {
      this.#emit({
        type: "call-start",
        runId: this.id,
        time: startedAt,
        callId: node.id,
        tool: node.tool.name,
        attempt: node.attempts,
      });
    }
    const timeoutMs = node.policy.timeoutMs;
    if (timeoutMs !== undefined)
      attempt.timer = setTimeout(() => this.#timedOut(node, attempt, timeoutMs), timeoutMs);
    let outcome: unknown;
    try {
      outcome = this.#core.backend.execute(node.tool, node.input, attempt);
    } catch (error) {
      queueMicrotask(() => this.#attemptSettled(node, attempt, undefined, error, true));
      return;
    }
    if (outcome !== null && typeof (outcome as PromiseLike<unknown>)?.then === "function") {
      (outcome as PromiseLike<unknown>).then(
        (output) => this.#attemptSettled(node, attempt, output, undefined, false),
        (error: unknown) => this.#attemptSettled(node, attempt, undefined, error, true),
      );
    } else {
      this.#settleLater(node, attempt, outcome);
    }
  }

  /**
   * A tool that returned without a promise still ends asynchronously, so a run never recurses through its calls. The
   * outcomes of such tools are settled together in one microtask rather than one each.
   */
  #settleLater(node: CallState, attempt: Attempt, output: unknown): void {
    const pending = this.#settledSynchronously;
    pending.push(node, attempt, output);
    if (pending.length === 3) queueMicrotask(this.#settlePending);
  }

  #settlePending = (): void => {
    const pending = this.#settledSynchronously;
    for (let index = 0; index < pending.length; index += 3) {
      this.#attemptSettled(
        pending[index] as CallState,
        pending[index + 1] as Attempt,
        pending[index + 2],
        undefined,
        false,
      );
    }
    pending.length = 0;
  };

  /** The output a call's ref points to, found through the index its ref got when the plan was checked. */
  #referencedOutput(node: CallState, id: string): unknown {
    // Every ref of a call that reached this point was linked when the plan was checked.
    const ref = node.refs.find((candidate) => candidate.callId === id) as Ref;
    return (this.#calls[ref.callIndex as number] as CallState).output;
  }

  /** Called by an attempt's `progress()`: a `call-progress` event. */
  attemptProgressed(node: CallState, attempt: Attempt, data: unknown): void {
    if (!this.#events.hasListeners) return;
    this.#emit({
      type: "call-progress",
      runId: this.id,
      time: this.now(),
      callId: node.id,
      tool: node.tool.name,
      attempt: attempt.attempt,
      progress: data,
    });
  }

  #attemptSettled(
    node: CallState,
    attempt: Attempt,
    output: unknown,
    error: unknown,
    isError: boolean,
  ): void {
    attempt.isSettled = true;
    if (attempt.timer !== undefined) clearTimeout(attempt.timer);
    if (attempt.isGivenUp) {
      if (this.#givenUp.delete(attempt)) this.#core.abandonedChanged(-1);
      return;
    }
    node.attempt = undefined;
    const settledAt = this.now();
    const duration = settledAt - attempt.startedAt;
    node.durationMs += duration;
    this.#core.scheduler.release(node);
    if (isError) {
      this.#attemptFailed(node, toCallError(error, node, attempt.attempt));
    } else {
      const problem = checkOutput(output, this.#core.maxOutputBytes, node.tool.name, node.id);
      if (problem === undefined) {
        this.#core.costModel.observe(node.tool.name, duration);
        this.#finish(node, "succeeded", undefined, output, settledAt);
      } else {
        this.#attemptFailed(node, problem);
      }
    }
    this.#core.scheduler.pump();
  }

  #timedOut(node: CallState, attempt: Attempt, timeoutMs: number): void {
    if (attempt.isSettled || attempt.isGivenUp) return;
    const error = new ToolTimeoutError({
      toolName: node.tool.name,
      callId: node.id,
      timeoutMs,
      attempt: attempt.attempt,
    });
    this.#giveUp(node, attempt, error);
    node.durationMs += this.now() - attempt.startedAt;
    this.#core.scheduler.release(node);
    this.#attemptFailed(node, error);
    this.#core.scheduler.pump();
  }

  /** Stops waiting for an attempt whose code may still be running; it is counted until it settles. */
  #giveUp(node: CallState, attempt: Attempt, reason: WeftError): void {
    attempt.isGivenUp = true;
    node.attempt = undefined;
    if (attempt.timer !== undefined) clearTimeout(attempt.timer);
    this.#givenUp.add(attempt);
    this.#core.abandonedChanged(1);
    if (this.#events.hasListeners) {
      this.#emit({
        type: "call-abandon",
        runId: this.id,
        time: this.now(),
        callId: node.id,
        tool: node.tool.name,
        attempt: attempt.attempt,
      });
    }
    attempt.abort(reason);
  }

  #attemptFailed(node: CallState, error: WeftError): void {
    const retry = node.policy.retry;
    const isRetryable =
      this.#stopReason === undefined &&
      node.policy.idempotent &&
      node.attempts < retry.attempts &&
      !ToolInputError.isInstance(error) &&
      !ToolOutputError.isInstance(error) &&
      (retry.retryOn?.(error, node.attempts) ?? true);
    if (!isRetryable) {
      this.#finish(node, "failed", error);
      return;
    }
    const delayMs = backoffDelay(retry, node.attempts, this.#core.random);
    node.phase = "backoff";
    if (this.#events.hasListeners) {
      this.#emit({
        type: "call-retry",
        runId: this.id,
        time: this.now(),
        callId: node.id,
        tool: node.tool.name,
        attempt: node.attempts,
        delayMs,
        error,
      });
    }
    node.backoffTimer = setTimeout(() => {
      node.backoffTimer = undefined;
      if (node.phase !== "backoff") return;
      this.#makeReady(node);
      this.#core.scheduler.pump();
    }, delayMs);
  }

  /** Another run's identical call finished: share its outcome, or run this one alone if it was cancelled. */
  leaderEnded(node: CallState, leader: CallState): void {
    node.leader = undefined;
    if (node.isFinal) return;
    if (leader.phase === "succeeded" || leader.phase === "failed") {
      this.#finish(node, leader.phase, leader.error, leader.output);
    } else {
      node.isDeduplicated = false;
      this.#makeReady(node);
    }
    this.#core.scheduler.pump();
  }

  /** Ends a call, passes its outcome on, and ends the run when it was the last. */
  #finish(
    node: CallState,
    status: CallStatus,
    error?: WeftError,
    output?: unknown,
    endedAt = this.now(),
  ): void {
    if (node.isFinal) return;
    node.phase = status;
    node.endedAt = endedAt;
    node.output = output;
    node.error = error;
    this.#unfinished--;
    const key = node.key;
    if (key !== undefined && this.#core.inFlight.get(key) === node) {
      this.#core.inFlight.delete(key);
      if (status === "succeeded" && node.policy.cacheTtlMs !== undefined) {
        this.#core.cache.set(key, output, node.policy.cacheTtlMs);
      }
      const followers = node.followers;
      node.followers = undefined;
      if (followers !== undefined)
        for (const follower of followers) (follower.owner as Run).leaderEnded(follower, node);
    }
    if (this.#events.hasListeners) {
      this.#emit({
        type: "call-end",
        runId: this.id,
        time: node.endedAt,
        callId: node.id,
        tool: node.tool.name,
        status,
        attempts: node.attempts,
        durationMs: node.durationMs,
        ...(status === "succeeded" ? { output } : {}),
        ...(error === undefined ? {} : { error }),
        isCached: node.isCached,
        isDeduplicated: node.isDeduplicated,
      });
    }
    if (status === "succeeded") {
      const { firstIndex, dependentOffsets: offsets, dependentTargets: targets } = node.graph;
      const position = node.index - firstIndex;
      for (let edge = offsets[position] as number; edge < (offsets[position + 1] as number); edge++) {
        this.#dependencySucceeded(targets[edge] as number);
      }
      if (node.extraDependents !== undefined)
        for (const index of node.extraDependents) this.#dependencySucceeded(index);
    } else if (this.#stopReason === undefined) {
      this.#skipDependents(node);
      if (status === "failed" && this.#failurePolicy === "fail-fast") {
        this.#stop({ status: "skipped", message: `call "${node.id}" failed and the run is fail-fast` });
      }
    }
    this.#finishIfDone();
  }

  #dependencySucceeded(index: number): void {
    if (--(this.#pending[index] as number) !== 0) return;
    const dependent = this.#calls[index] as CallState;
    if (dependent.phase === "waiting" || (dependent.phase === "new" && this.#isStarted))
      this.#prepare(dependent);
  }

  #skipDependents(failed: CallState): void {
    const stack: CallState[] = [failed];
    const skip = (index: number, cause: CallState): void => {
      const dependent = this.#calls[index] as CallState;
      if (dependent.phase !== "waiting" && dependent.phase !== "new") return;
      dependent.phase = "skipped";
      dependent.error = dependencyError(dependent, cause);
      dependent.endedAt = this.now();
      this.#unfinished--;
      if (this.#events.hasListeners) {
        this.#emit({
          type: "call-end",
          runId: this.id,
          time: dependent.endedAt,
          callId: dependent.id,
          tool: dependent.tool.name,
          status: "skipped",
          attempts: 0,
          durationMs: 0,
          error: dependent.error,
          isCached: false,
          isDeduplicated: false,
        });
      }
      stack.push(dependent);
    };
    while (stack.length > 0) {
      const node = stack.pop() as CallState;
      const { firstIndex, dependentOffsets: offsets, dependentTargets: targets } = node.graph;
      const position = node.index - firstIndex;
      for (let edge = offsets[position] as number; edge < (offsets[position + 1] as number); edge++) {
        skip(targets[edge] as number, node);
      }
      if (node.extraDependents !== undefined) for (const index of node.extraDependents) skip(index, node);
    }
  }

  /** Stops the run: running calls are aborted and end `cancelled`; the others end with `reason.status`. */
  #stop(reason: { status: "skipped" | "cancelled"; message: string; cause?: unknown }): void {
    if (this.#stopReason !== undefined || this.#isFinished) return;
    this.#stopReason = reason;
    this.#signal?.removeEventListener("abort", this.#onAbort);
    if (!this.#isStarted) return;
    const scheduler = this.#core.scheduler;
    for (const node of this.#calls) {
      if (node.isFinal) continue;
      const error = this.#stopError(node);
      switch (node.phase) {
        case "running":
          if (node.attempt !== undefined) {
            const attempt = node.attempt;
            this.#giveUp(node, attempt, error);
            node.durationMs += this.now() - attempt.startedAt;
            scheduler.release(node);
          } else if (node.leader?.followers !== undefined) {
            node.leader.followers = node.leader.followers.filter((follower) => follower !== node);
          }
          this.#finish(node, "cancelled", error);
          break;
        case "ready":
          scheduler.remove(node);
          this.#finish(node, reason.status, error);
          break;
        case "backoff":
          clearTimeout(node.backoffTimer);
          this.#finish(node, reason.status, error);
          break;
        default:
          this.#finish(node, reason.status, error);
      }
    }
    scheduler.pump();
    this.#finishIfDone();
  }

  #stopError(node: CallState): CancelledError {
    const reason = this.#stopReason as { message: string; cause?: unknown };
    return new CancelledError({ callId: node.id, reason: reason.message, cause: reason.cause });
  }

  #finishIfDone(): void {
    if (this.#isFinished || this.#unfinished > 0 || !this.#isStarted) return;
    if (this.#isOpen && !this.#isEnded && this.#stopReason === undefined) return;
    this.#isFinished = true;
    this.#endTime = this.now();
    this.#signal?.removeEventListener("abort", this.#onAbort);
    const status: RunStatus =
      this.#stopReason?.status === "cancelled"
        ? "cancelled"
        : this.#calls.every((node) => node.phase === "succeeded")
          ? "succeeded"
          : "failed";
    const result = buildResult(this.id, status, this.#calls, this.#orders, this.#endTime, this.#givenUp.size);
    if (this.#events.hasListeners) {
      this.#emit({ type: "run-end", runId: this.id, time: this.#endTime, status, result });
    }
    this.#events.close();
    this.#resolveResult(result);
  }

  #emit(event: WeftEvent): void {
    this.#events.emit(event);
  }
}

/** The same array when it is long enough, or a copy with room for at least `length` entries. */
function withCapacity(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  if (array.length >= length) return array;
  const grown = new Int32Array(Math.max(length, array.length * 2));
  grown.set(array);
  return grown;
}

function keyOf(toolName: string, input: unknown): string | undefined {
  try {
    return `${toolName}\u0000${canonicalJson(input)}`;
  } catch {
    return undefined;
  }
}

function dependencyError(node: CallState, dependency: CallState): DependencyFailedError {
  return new DependencyFailedError({
    callId: node.id,
    dependencyId: dependency.id,
    dependencyStatus: dependency.phase,
  });
}

function toCallError(thrown: unknown, node: CallState, attempt: number): WeftError {
  if (WeftError.isInstance(thrown)) return thrown;
  return new ToolExecutionError({ toolName: node.tool.name, callId: node.id, attempt, cause: thrown });
}
