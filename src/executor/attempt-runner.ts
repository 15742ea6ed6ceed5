import { RateLimitedError } from "../errors/rate-limited-error.js";
import { ToolExecutionError } from "../errors/tool-execution-error.js";
import { ToolInputError } from "../errors/tool-input-error.js";
import { ToolOutputError } from "../errors/tool-output-error.js";
import { ToolTimeoutError } from "../errors/tool-timeout-error.js";
import { WeftError } from "../errors/weft-error.js";
import type { RunEvents } from "../events/run-events.js";
import type { CallStatus } from "../events/run-result.js";
import { isThenable } from "../runtime/is-thenable.js";
import { succeededOutcome } from "../scheduler/attempt-outcome.js";
import { AbandonedAttempts } from "./abandoned-attempts.js";
import { Attempt } from "./attempt.js";
import { backoffDelay } from "./backoff.js";
import { Slot } from "./call-numbers.js";
import type { CallState } from "./call-state.js";
import { checkOutput } from "./check-output.js";
import type { ExecutorCore } from "./executor-core.js";
import { Hedging } from "./hedging.js";
import { throttleCall } from "./throttle.js";

/** What the attempts of a run need from the run. */
export interface AttemptHost {
  readonly core: ExecutorCore;
  readonly events: RunEvents;
  /** Milliseconds since the run started. */
  now(): number;
  /** Whether the run is stopping (cancelled, or fail-fast): a failed attempt is then not tried again. */
  isStopping(): boolean;
  /** Ends the call with its outcome. */
  finish(node: CallState, status: CallStatus, error?: WeftError, output?: unknown, endedAt?: number): void;
  /** Puts the call among the ready calls again, for its next attempt. */
  makeReady(node: CallState): void;
}

/**
 * The life of a run's attempts: starting one on its backend (or its batch, or with a hedge), its timeout, its
 * outcome, and what follows a failure (a retry after backoff, a throttle, or the end of the call). The run decides
 * when a call starts and how it ends; this decides everything in between.
 */
export class AttemptRunner {
  readonly #host: AttemptHost;
  /** Attempts given up (timed out, cancelled) or lost to their hedge, whose code has not settled yet. */
  readonly #abandoned: AbandonedAttempts;
  /** Made when the run starts its first call of a hedged tool. */
  #hedging: Hedging | undefined;
  /** Outcomes of tools that returned synchronously, as (call, attempt, output) triples awaiting one microtask. */
  readonly #settledSynchronously: unknown[] = [];

  constructor(host: AttemptHost) {
    this.#host = host;
    this.#abandoned = new AbandonedAttempts(host.core.abandonedChanged);
  }

  /** Attempts given up, or lost to their hedge, whose code is still running. */
  get abandoned(): number {
    return this.#abandoned.count;
  }

  /** Starts the call's next attempt: it holds a slot now. */
  start(node: CallState): void {
    const core = this.#host.core;
    if (node.tool.batch !== undefined) {
      // It waits for its batch, holding its slot; its attempt starts when the batch is sent.
      node.phase = "running";
      this.#host.events.callWait(node, "batch");
      core.batches.enter(node);
      return;
    }
    const attempt = this.#begin(node);
    let outcome: unknown;
    try {
      const tool = node.tool;
      // Thread tools always run in the executor's pool; the others where the executor's backend says.
      const backend = tool.thread === undefined ? core.backend : core.threads;
      const hedge = node.policy.hedge;
      const telemetry = core.telemetry;
      if (telemetry?.runAttempt === undefined) {
        outcome =
          hedge === undefined
            ? backend.execute(tool, node.input, attempt)
            : this.#hedgingOf().run(node, attempt, backend, hedge);
      } else {
        outcome = telemetry.runAttempt(attempt, () =>
          hedge === undefined
            ? backend.execute(tool, node.input, attempt)
            : this.#hedgingOf().run(node, attempt, backend, hedge),
        );
      }
    } catch (error) {
      queueMicrotask(() => this.settled(node, attempt, undefined, error, true));
      return;
    }
    if (isThenable(outcome)) {
      outcome.then(
        (output) => this.settled(node, attempt, output, undefined, false),
        (error: unknown) => this.settled(node, attempt, undefined, error, true),
      );
    } else {
      this.#settleLater(node, attempt, outcome);
    }
  }

  /** Starts the attempt of a call whose batch is being sent. */
  startBatched(node: CallState): Attempt {
    return this.#begin(node);
  }

  /** An attempt's `progress()`: a `call-progress` event, and a fresh timeout where the tool asks for it. */
  progressed(node: CallState, attempt: Attempt, data: unknown): void {
    if (node.policy.resetTimeoutOnProgress) attempt.timer?.restart();
    this.#host.events.callProgress(node, attempt.attempt, data);
  }

  /** An attempt's code settled: the call ends, or fails into a retry, unless the attempt was given up. */
  settled(node: CallState, attempt: Attempt, output: unknown, error: unknown, isError: boolean): void {
    const { core } = this.#host;
    const wasSettled = attempt.isSettled;
    attempt.isSettled = true;
    attempt.timer?.cancel();
    if (attempt.isGivenUp) {
      if (!wasSettled) this.#abandoned.settled();
      return;
    }
    node.attempt = undefined;
    const settledAt = this.#host.now();
    const duration = settledAt - attempt.startedAt;
    node.durationMs += duration;
    core.scheduler.release(node, isError ? { error } : succeededOutcome);
    if (isError) {
      this.#failed(node, toCallError(error, node, attempt.attempt));
    } else {
      const problem = checkOutput(output, core.maxOutputBytes, node.tool.name, node.id);
      if (problem === undefined) {
        core.costModel.observe(node.tool.name, duration);
        this.#host.finish(node, "succeeded", undefined, output, settledAt);
      } else {
        this.#failed(node, problem);
      }
    }
    core.scheduler.pump();
  }

  /** Stops waiting for an attempt whose code may still be running; it is counted until it settles. */
  giveUp(node: CallState, attempt: Attempt, reason: WeftError): void {
    attempt.isGivenUp = true;
    node.attempt = undefined;
    attempt.timer?.cancel();
    this.#abandoned.abandoned();
    this.#host.events.callAbandon(node, attempt.attempt);
    attempt.abort(reason);
  }

  /** Counts the attempt, emits `call-start` and arms its timeout. */
  #begin(node: CallState): Attempt {
    const startedAt = this.#host.now();
    node.phase = "running";
    node.attempts++;
    if (node.startedAt < 0) node.startedAt = startedAt;
    node.numbers.set(node.index, Slot.AttemptStartedAt, startedAt);
    const attempt = new Attempt(node, node.attempts);
    node.attempt = attempt;
    this.#host.events.callStart(node, startedAt);
    const timeoutMs = node.policy.timeoutMs;
    if (timeoutMs !== undefined)
      attempt.timer = this.#host.core.scheduler.schedule(timeoutMs, () =>
        this.#timedOut(node, attempt, timeoutMs),
      );
    return attempt;
  }

  #hedgingOf(): Hedging {
    this.#hedging ??= new Hedging(this.#host.core, this.#host.events, this.#abandoned);
    return this.#hedging;
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
      this.settled(
        pending[index] as CallState,
        pending[index + 1] as Attempt,
        pending[index + 2],
        undefined,
        false,
      );
    }
    pending.length = 0;
  };

  #timedOut(node: CallState, attempt: Attempt, timeoutMs: number): void {
    if (attempt.isSettled || attempt.isGivenUp) return;
    const error = new ToolTimeoutError({
      toolName: node.tool.name,
      callId: node.id,
      timeoutMs,
      attempt: attempt.attempt,
    });
    this.giveUp(node, attempt, error);
    node.durationMs += this.#host.now() - attempt.startedAt;
    const scheduler = this.#host.core.scheduler;
    scheduler.release(node, { error });
    this.#failed(node, error);
    scheduler.pump();
  }

  #failed(node: CallState, error: WeftError): void {
    const isStopping = this.#host.isStopping();
    if (RateLimitedError.isInstance(error) && !isStopping) {
      this.#throttled(node, error);
      return;
    }
    const retry = node.policy.retry;
    // Throttled attempts were refused by the service, not failed: they do not use retry attempts.
    const failedAttempts = node.attempts - node.throttles;
    const isRetryable =
      !isStopping &&
      node.policy.idempotent &&
      failedAttempts < retry.attempts &&
      !ToolInputError.isInstance(error) &&
      !ToolOutputError.isInstance(error) &&
      (retry.retryOn?.(error, node.attempts) ?? true);
    if (!isRetryable) {
      this.#host.finish(node, "failed", error);
      return;
    }
    this.#retryLater(node, backoffDelay(retry, failedAttempts, this.#host.core.random), error, false);
  }

  /** The tool said its service throttled it: the call runs again once the wait is over, up to `maxThrottles` times. */
  #throttled(node: CallState, error: RateLimitedError): void {
    const throttle = throttleCall(node, error, this.#host.core.scheduler.now());
    if (throttle.isRetried) this.#retryLater(node, throttle.delayMs, throttle.error, throttle.isHeldByKey);
    else this.#host.finish(node, "failed", throttle.error);
  }

  /**
   * Makes the call ready again after `delayMs`. A call whose rate-limit keys are paused is ready at once: their
   * admissions hold it, with every other call of the keys, until the pause ends.
   */
  #retryLater(node: CallState, delayMs: number, error: WeftError, isHeldByKey: boolean): void {
    node.phase = "backoff";
    this.#host.events.callRetry(node, delayMs, error);
    if (isHeldByKey) {
      // A listener may have cancelled the run from the event.
      if (node.phase === "backoff") this.#host.makeReady(node);
      return;
    }
    node.backoffTimer = this.#host.core.scheduler.schedule(delayMs, () => {
      node.backoffTimer = undefined;
      if (node.phase !== "backoff") return;
      this.#host.makeReady(node);
      this.#host.core.scheduler.pump();
    });
  }
}

function toCallError(thrown: unknown, node: CallState, attempt: number): WeftError {
  if (WeftError.isInstance(thrown)) return thrown;
  return new ToolExecutionError({ toolName: node.tool.name, callId: node.id, attempt, cause: thrown });
}
