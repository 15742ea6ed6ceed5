import { CancelledError } from "../errors/cancelled-error.js";
import { checkChoice, checkOptionsObject } from "../errors/check-option.js";
import { DependencyFailedError } from "../errors/dependency-failed-error.js";
import { RunClosedError } from "../errors/run-closed-error.js";
import { WeftError } from "../errors/weft-error.js";
import { RunEvents } from "../events/run-events.js";
import type { CallStatus, RunResult, RunStatus } from "../events/run-result.js";
import type { EventListener, WaitCause, WeftEvent } from "../events/types.js";
import type { Call } from "../plan/types.js";
import type { LimitChange } from "../scheduler/adaptive-limit.js";
import type { Admission } from "../scheduler/admission.js";
import type { Lane } from "../scheduler/lane.js";
import type { CacheEntry } from "../store/cache-store.js";
import { claimResources } from "../tool/resources.js";
import type { Attempt } from "./attempt.js";
import { AttemptRunner } from "./attempt-runner.js";
import { buildResult } from "./build-result.js";
import type { CallNumbers } from "./call-numbers.js";
import type { CallState } from "./call-state.js";
import type { ExecutorCore } from "./executor-core.js";
import { type FailurePolicy, failurePolicies } from "./failure-policy.js";
import { type PreparedInput, prepareInput } from "./prepare-input.js";
import { RunGraph } from "./run-graph.js";
import type { RunOptions } from "./run-options.js";
import { checkRunShare } from "./run-share.js";
import { cachedOutput, joinInFlight, leaveLeader, releaseInFlight } from "./sharing.js";
import { ToolSetups } from "./tool-setups.js";

export type { RunOptions } from "./run-options.js";

let runCounter = 0;

/** A run of a plan: its events, its result, and the means to grow or cancel it. */
export class Run {
  readonly id: string;
  readonly #core: ExecutorCore;
  readonly #events: RunEvents;
  readonly #graph: RunGraph;
  readonly #failurePolicy: FailurePolicy;
  readonly #startTime: number;
  readonly #isOpen: boolean;
  readonly #signal: AbortSignal | undefined;
  readonly #attempts: AttemptRunner;
  #isStarted = false;
  #isEnded = false;
  #isFinished = false;
  #stopReason: { status: "skipped" | "cancelled"; message: string; cause?: unknown } | undefined;
  #unfinished = 0;
  #endTime = 0;
  #lane: Lane | undefined;
  readonly #resultPromise: Promise<RunResult>;
  #resolveResult!: (result: RunResult) => void;

  /** Made by `executor.run()`. @internal */
  constructor(core: ExecutorCore, calls: readonly unknown[], options: RunOptions) {
    checkOptionsObject("executor.run", "options", options);
    this.#core = core;
    this.#startTime = core.scheduler.now();
    this.id = options.runId ?? `run-${Date.now().toString(36)}-${(runCounter++).toString(36)}`;
    this.#events = new RunEvents(this.id, () => this.now());
    this.#failurePolicy = options.failurePolicy ?? core.failurePolicy;
    checkChoice("executor.run", "options.failurePolicy", this.#failurePolicy, failurePolicies);
    const share = checkRunShare(options);
    const setups = new ToolSetups(core, this.id, options.concurrency, options.policies ?? {});
    this.#isOpen = options.isOpen ?? false;
    this.#signal = options.signal;
    const telemetry = core.telemetry;
    if (telemetry !== undefined) this.#events.subscribe((event) => telemetry.onEvent(event));
    if (options.onEvent !== undefined) this.#events.subscribe(options.onEvent);
    this.#resultPromise = new Promise((resolve) => {
      this.#resolveResult = resolve;
    });
    this.#graph = new RunGraph(this, core, (tool) => setups.for(tool));
    this.#attempts = new AttemptRunner({
      core,
      events: this.#events,
      now: () => this.now(),
      isStopping: () => this.#stopReason !== undefined,
      finish: (node, status, error, output, endedAt) => this.#finish(node, status, error, output, endedAt),
      makeReady: (node) => this.#makeReady(node),
    });
    this.#addCalls(calls);
    // A closed plan never looks a call up by id again: let the map go rather than hold it through the run.
    if (!this.#isOpen) this.#graph.forgetIds();
    // Opened once the calls are accepted, so that a refused run leaves nothing behind.
    this.#lane = core.scheduler.openLane(share);
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

  /** Times, ranks and estimates of the run's calls. @internal */
  get numbers(): CallNumbers {
    return this.#graph.numbers;
  }

  /** The run's queue in the scheduler. @internal */
  get lane(): Lane | undefined {
    return this.#lane;
  }

  /** Milliseconds since the run started. */
  now(): number {
    return this.#core.scheduler.now() - this.#startTime;
  }

  /**
   * Adds calls to an open run. They may depend on calls already added. Throws a PlanError if they cannot run, a
   * RunClosedError if the run is not open or has ended, or a QueueFullError past the executor's `maxQueued`; then
   * none of them is added.
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
    this.#core.queue.check(calls.length);
    const order = this.#graph.add(calls, this.#isStarted, this.#onRankRaised);
    this.#core.queue.added(order.length);
    this.#unfinished += order.length;
    if (this.#isStarted) {
      for (const node of order) this.#enter(node);
      this.#core.scheduler.pump();
    }
  }

  #onRankRaised = (node: CallState): void => {
    this.#core.scheduler.rankIncreased(node);
  };

  #start(): void {
    this.#isStarted = true;
    this.#events.runStart(this.#graph.calls.length, this.#core.scheduler.concurrency);
    // A run stopped before it started (aborted signal, cancel()) still gives every call its outcome, through #enter.
    if (this.#signal?.aborted) this.#onAbort();
    if (this.#events.hasListeners || this.#stopReason !== undefined) {
      for (const order of this.#graph.orders) for (const node of order) this.#enter(node, true);
    } else {
      // Nobody listens for call-queued: only the calls without dependencies need visiting; the others are prepared
      // when their last dependency ends.
      for (const node of this.#graph.roots) this.#enter(node, true);
    }
    this.#core.scheduler.pump();
    this.#finishIfDone();
  }

  /** A call joins the live run: it waits for its dependencies, or is ready at once. */
  #enter(node: CallState, isRunStart = false): void {
    if (node.phase !== "new") return;
    this.#events.callQueued(node, () => this.#graph.dependenciesOf(node));
    if (this.#stopReason !== undefined) {
      this.#finish(node, this.#stopReason.status, this.#stopError(node));
      return;
    }
    node.phase = "waiting";
    if (isRunStart) {
      // The count was set when the call was added and kept as dependencies ended: no need to look at them.
      if (this.#graph.pendingOf(node) === 0) this.#prepare(node);
      return;
    }
    let pending = 0;
    for (const dependency of this.#graph.dependenciesOf(node)) {
      if (dependency.phase === "succeeded") continue;
      if (dependency.isFinal) {
        this.#finish(node, "skipped", dependencyError(node, dependency));
        return;
      }
      pending++;
    }
    this.#graph.setPending(node, pending);
    if (pending === 0) this.#prepare(node);
  }

  /** Resolves refs and checks the input; a valid call is served from cache or enters the ready heap. */
  #prepare(node: CallState): void {
    node.phase = "preparing";
    node.queuedAt = this.now();
    const prepared = prepareInput(node, this.#referencedOutput);
    if (!(prepared instanceof Promise)) {
      this.#inputPrepared(node, prepared);
      return;
    }
    void prepared.then((result) => {
      if (node.phase !== "preparing") return;
      this.#inputPrepared(node, result);
      this.#core.scheduler.pump();
    });
  }

  #referencedOutput = (node: CallState, id: string): unknown => this.#graph.referencedOutput(node, id);

  #inputPrepared(node: CallState, prepared: PreparedInput): void {
    if (!prepared.isReady) {
      this.#finish(node, "failed", prepared.error);
      return;
    }
    node.input = prepared.input;
    const resources = node.policy.resources;
    if (resources !== undefined) {
      // Worked out once, from the checked input: a function that throws or returns garbage fails this call alone.
      const claims = claimResources(node.tool.name, node.id, resources, node.input);
      if (claims instanceof WeftError) {
        this.#finish(node, "failed", claims);
        return;
      }
      if (claims.length > 0) node.resources = claims;
    }
    this.#inputAccepted(node);
  }

  #inputAccepted(node: CallState): void {
    const found = cachedOutput(this.#core, node);
    if (found instanceof Promise) {
      // A store across the network: the call stays preparing (a cancel may still end it) until it answers.
      void found.then((hit) => {
        if (node.phase !== "preparing") return;
        this.#servedOrReady(node, hit);
        this.#core.scheduler.pump();
      });
      return;
    }
    this.#servedOrReady(node, found);
  }

  /** A call whose output is cached succeeds with it at once; any other enters the ready heap. */
  #servedOrReady(node: CallState, hit: CacheEntry | undefined): void {
    if (hit === undefined) {
      this.#makeReady(node);
      return;
    }
    node.isCached = true;
    node.startedAt = node.queuedAt;
    this.#finish(node, "succeeded", undefined, hit.value);
  }

  #makeReady(node: CallState): void {
    node.phase = "ready";
    node.waitCause = undefined;
    this.#events.callReady(node);
    if (node.resources !== undefined) this.#core.locks.enter(node);
    this.#core.scheduler.enqueue(node);
  }

  /** Called by the scheduler once the call has a slot. Returns false when it needs none. @internal */
  dispatch(node: CallState): boolean {
    if (joinInFlight(this.#core, node) !== undefined) {
      node.phase = "running";
      if (node.startedAt < 0) node.startedAt = this.now();
      return false;
    }
    this.#attempts.start(node);
    return true;
  }

  /** Called by the executor's batches (BatchMemberOwner) when the call's batch is sent. @internal */
  startBatchedAttempt(node: CallState): Attempt {
    return this.#attempts.startBatched(node);
  }

  /** Called by the executor's batches with the call's item of its batch's result. @internal */
  batchedAttemptSettled(
    node: CallState,
    attempt: Attempt,
    output: unknown,
    error: unknown,
    isError: boolean,
  ): void {
    this.#attempts.settled(node, attempt, output, error, isError);
  }

  /** Called by an adaptive limit that `node`'s outcome moved: a `limit-change` event. @internal */
  limitChanged(node: CallState, key: string, change: LimitChange): void {
    this.#events.limitChange(node, key, change);
  }

  /**
   * Called when an admission holds a call or hands it back: a `call-wait` event when what it waits on changed.
   * @internal
   */
  callWaiting(node: CallState, admission: Admission | undefined): void {
    if (!this.#events.hasListeners) return;
    const cause = admission?.waitCause(node);
    if (cause === node.waitCause) return;
    node.waitCause = cause;
    this.#events.callWait(node, (cause ?? "concurrency") as WaitCause);
  }

  /** Called by an attempt's `progress()`. @internal */
  attemptProgressed(node: CallState, attempt: Attempt, data: unknown): void {
    this.#attempts.progressed(node, attempt, data);
  }

  /** Another run's identical call finished: share its outcome, or run this one alone if it was cancelled. @internal */
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
    this.#markEnded(node, status, error, output, endedAt);
    for (const follower of releaseInFlight(this.#core, node, status, output)) {
      (follower.owner as Run).leaderEnded(follower, node);
    }
    if (status === "succeeded") {
      this.#graph.releaseDependents(node, this.#onDependentReady);
    } else if (this.#stopReason === undefined) {
      this.#skipDependents(node);
      if (status === "failed" && this.#failurePolicy === "fail-fast") {
        this.#stop({ status: "skipped", message: `call "${node.id}" failed and the run is fail-fast` });
      }
    }
    this.#finishIfDone();
  }

  /** Records a call's outcome and tells the listeners. */
  #markEnded(
    node: CallState,
    status: CallStatus,
    error: WeftError | undefined,
    output: unknown,
    endedAt: number,
  ): void {
    node.phase = status;
    node.endedAt = endedAt;
    node.output = output;
    node.error = error;
    this.#unfinished--;
    this.#core.queue.ended();
    this.#events.callEnd(node, status, endedAt, output, error);
  }

  /** A dependent whose last dependency succeeded; one that has not joined the run yet joins it later. */
  #onDependentReady = (dependent: CallState): void => {
    if (dependent.phase === "waiting" || (dependent.phase === "new" && this.#isStarted))
      this.#prepare(dependent);
  };

  /** Skips everything downstream of a call that did not succeed, without recursion: chains can be very long. */
  #skipDependents(failed: CallState): void {
    const stack: CallState[] = [failed];
    let cause = failed;
    const skip = (dependent: CallState): void => {
      if (dependent.phase !== "waiting" && dependent.phase !== "new") return;
      this.#markEnded(dependent, "skipped", dependencyError(dependent, cause), undefined, this.now());
      stack.push(dependent);
    };
    while (stack.length > 0) {
      cause = stack.pop() as CallState;
      this.#graph.forEachDependent(cause, skip);
    }
  }

  /** Stops the run: running calls are aborted and end `cancelled`; the others end with `reason.status`. */
  #stop(reason: { status: "skipped" | "cancelled"; message: string; cause?: unknown }): void {
    if (this.#stopReason !== undefined || this.#isFinished) return;
    this.#stopReason = reason;
    this.#signal?.removeEventListener("abort", this.#onAbort);
    if (!this.#isStarted) return;
    const scheduler = this.#core.scheduler;
    for (const node of this.#graph.calls) {
      if (node.isFinal) continue;
      const error = this.#stopError(node);
      switch (node.phase) {
        case "running":
          if (node.attempt !== undefined) {
            const attempt = node.attempt;
            this.#attempts.giveUp(node, attempt, error);
            node.durationMs += this.now() - attempt.startedAt;
            scheduler.release(node);
          } else if (this.#core.batches.withdraw(node)) {
            // Its batch was not sent yet: it never started, but it holds a slot.
            scheduler.release(node);
          } else {
            leaveLeader(node);
          }
          this.#finish(node, "cancelled", error);
          break;
        case "ready":
          scheduler.remove(node);
          this.#finish(node, reason.status, error);
          break;
        case "backoff":
          node.backoffTimer?.cancel();
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
    if (this.#lane !== undefined) this.#core.scheduler.closeLane(this.#lane);
    this.#signal?.removeEventListener("abort", this.#onAbort);
    const status: RunStatus =
      this.#stopReason?.status === "cancelled"
        ? "cancelled"
        : this.#graph.calls.every((node) => node.phase === "succeeded")
          ? "succeeded"
          : "failed";
    const result = buildResult(
      this.id,
      status,
      this.#graph.calls,
      this.#graph.orders,
      this.#endTime,
      this.#attempts.abandoned,
    );
    this.#events.runEnd(this.#endTime, status, result);
    this.#events.close();
    this.#resolveResult(result);
  }
}

function dependencyError(node: CallState, dependency: CallState): DependencyFailedError {
  return new DependencyFailedError({
    callId: node.id,
    dependencyId: dependency.id,
    dependencyStatus: dependency.phase,
  });
}
