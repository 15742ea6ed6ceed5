import type { Backend } from "../backend/backend.js";
import type { ClockTimer } from "../clock/clock.js";
import { CancelledError } from "../errors/cancelled-error.js";
import { succeededOutcome } from "../scheduler/attempt-outcome.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import type { ToolContext } from "../tool/types.js";
import type { Attempt } from "./attempt.js";
import type { CallState } from "./call-state.js";
import { HedgeContext, HedgeTicket } from "./hedge-ticket.js";

/**
 * What a hedged attempt needs from its run's hedging (Hedging is one), declared here so that the two do not import
 * each other.
 */
export interface HedgeHost {
  readonly scheduler: Scheduler;
  /** Milliseconds on the scheduler's clock. */
  now(): number;
  /** Records how long an attempt of the call's tool ran (at least). */
  observe(call: CallState, durationMs: number): void;
  /** The duplicate of the call's attempt started `afterMs` after the attempt. */
  started(call: CallState, attempt: number, afterMs: number): void;
  /** The duplicate's success is the call's output. */
  won(call: CallState): void;
  /**
   * A loser's code runs on, aborted, after the outcome was decided: counted with its run's abandoned attempts (and so
   * in `RunResult.abandoned`) until `loserSettled`.
   */
  loserAbandoned(): void;
  loserSettled(): void;
}

/**
 * One attempt of a call of a hedged tool. The attempt's code runs with the attempt as its context (the primary); if it
 * is still running `delayMs` later, one duplicate (the hedge) is queued with the scheduler, and runs once it passes the
 * call's admissions. To the run this is one attempt, with one promise:
 *
 * - it resolves with the first success; the other attempt's signal is aborted (the hedge's slot is given back at once,
 *   as for a timeout; code that keeps running is counted as abandoned until it settles);
 * - when one fails while the other runs, it waits for the other; it rejects with the primary's error once both failed
 *   (or the primary failed while the hedge was only queued, which is then dropped);
 * - when the run gives the attempt up (timeout, cancellation: the attempt's signal is aborted), the hedge is aborted
 *   too, and the promise settles once neither's code runs any more.
 *
 * The slot of the primary is the call's, released by the run; the hedge's ticket is released here.
 */
export class HedgedAttempt {
  readonly promise: Promise<unknown>;
  readonly #hedging: HedgeHost;
  readonly #call: CallState;
  readonly #attempt: Attempt;
  readonly #backend: Backend;
  readonly #startedAt: number;
  #hedgeStartedAt = 0;
  #timer: ClockTimer | undefined;
  #ticket: HedgeTicket | undefined;
  #context: HedgeContext | undefined;
  #isPrimaryRunning = true;
  #isHedgeRunning = false;
  /** The outcome is known (or the run gave the attempt up): whatever still runs is a loser. */
  #isDecided = false;
  #isGivenUp = false;
  #primaryError: unknown;
  #resolve!: (output: unknown) => void;
  #reject!: (error: unknown) => void;

  constructor(
    hedging: HedgeHost,
    call: CallState,
    attempt: Attempt,
    backend: Backend,
    delayMs: number | undefined,
  ) {
    this.#hedging = hedging;
    this.#call = call;
    this.#attempt = attempt;
    this.#backend = backend;
    this.#startedAt = hedging.now();
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#execute(attempt, this.#primaryEnded);
    if (delayMs !== undefined) {
      this.#timer = this.#hedging.scheduler.schedule(delayMs, this.#onDelay);
      attempt.signal.addEventListener("abort", this.#onGivenUp, { once: true });
    }
  }

  #execute(context: ToolContext, ended: (isSuccess: boolean, value: unknown) => void): void {
    let outcome: unknown;
    try {
      outcome = this.#backend.execute(this.#call.tool, this.#call.input, context);
    } catch (error) {
      outcome = Promise.reject(error);
    }
    Promise.resolve(outcome).then(
      (output) => ended(true, output),
      (error: unknown) => ended(false, error),
    );
  }

  /** The primary has run for the hedge delay: queue its duplicate, which starts once admitted like any call. */
  #onDelay = (): void => {
    this.#timer = undefined;
    if (this.#isDecided || !this.#isPrimaryRunning) return;
    this.#ticket = new HedgeTicket(this.#call, this.#startHedge);
    this.#hedging.scheduler.enqueue(this.#ticket);
    this.#hedging.scheduler.pump();
  };

  #startHedge = (): boolean => {
    if (this.#isDecided || !this.#isPrimaryRunning) return false;
    this.#isHedgeRunning = true;
    this.#hedgeStartedAt = this.#hedging.now();
    this.#context = new HedgeContext(this.#attempt);
    this.#execute(this.#context, this.#hedgeEnded);
    // After the code started: a listener that cancels the run then finds the hedge running, and aborts it.
    this.#hedging.started(this.#call, this.#attempt.attempt, this.#hedgeStartedAt - this.#startedAt);
    return true;
  };

  #primaryEnded = (isSuccess: boolean, value: unknown): void => {
    this.#isPrimaryRunning = false;
    if (this.#isDecided) {
      if (this.#isGivenUp) this.#settleGivenUp();
      else this.#hedging.loserSettled(); // the hedge won while this still ran
      return;
    }
    if (isSuccess) {
      this.#hedging.observe(this.#call, this.#hedging.now() - this.#startedAt);
      this.#decide();
      this.#stopHedge();
      this.#resolve(value);
      return;
    }
    this.#primaryError = value;
    if (this.#isHedgeRunning) return;
    this.#decide();
    this.#reject(value);
  };

  #hedgeEnded = (isSuccess: boolean, value: unknown): void => {
    this.#isHedgeRunning = false;
    const ticket = this.#ticket;
    if (ticket === undefined) {
      // Released already: it lost to the primary, or the run gave the attempt up.
      if (this.#isGivenUp) this.#settleGivenUp();
      else this.#hedging.loserSettled();
      return;
    }
    this.#ticket = undefined;
    const now = this.#hedging.now();
    this.#hedging.scheduler.release(ticket, isSuccess ? succeededOutcome : { error: value });
    this.#hedging.scheduler.pump();
    if (isSuccess) {
      this.#hedging.observe(this.#call, now - this.#hedgeStartedAt);
      this.#decide();
      this.#hedging.won(this.#call);
      if (this.#isPrimaryRunning) {
        // The primary has run at least this long: its time keeps the tail in the sample that decides the next delay.
        this.#hedging.observe(this.#call, now - this.#startedAt);
        this.#hedging.loserAbandoned();
        this.#attempt.abort(this.#lostError("its hedge"));
      }
      this.#resolve(value);
      return;
    }
    if (this.#isPrimaryRunning) return;
    this.#decide();
    this.#reject(this.#primaryError);
  };

  /** Whatever still runs from now on lost. A hedge still waiting for admission will not start. */
  #decide(): void {
    this.#isDecided = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    const ticket = this.#ticket;
    if (ticket !== undefined && !ticket.isDispatched) {
      this.#ticket = undefined;
      this.#hedging.scheduler.remove(ticket);
    }
  }

  /** The primary won: a running hedge is aborted and its slot given back now. */
  #stopHedge(): void {
    const ticket = this.#ticket;
    if (ticket === undefined || !this.#isHedgeRunning) return;
    this.#ticket = undefined;
    this.#hedging.loserAbandoned();
    this.#context?.abort(this.#lostError("the call's first attempt"));
    this.#hedging.scheduler.release(ticket);
    this.#hedging.scheduler.pump();
  }

  /** The run gave the attempt up (timeout, cancellation): the hedge goes too. */
  #onGivenUp = (): void => {
    if (this.#isDecided) return;
    this.#isGivenUp = true;
    this.#decide();
    const ticket = this.#ticket;
    if (ticket !== undefined && this.#isHedgeRunning) {
      this.#ticket = undefined;
      this.#context?.abort(this.#attempt.signal.reason);
      // The run frees the primary's slot and starts what can start next.
      this.#hedging.scheduler.release(ticket);
    }
    this.#settleGivenUp();
  };

  /** The run counts a given-up attempt as abandoned until its promise settles: when neither's code runs any more. */
  #settleGivenUp(): void {
    if (!this.#isPrimaryRunning && !this.#isHedgeRunning) this.#reject(this.#attempt.signal.reason);
  }

  #lostError(winner: string): CancelledError {
    return new CancelledError({ callId: this.#call.id, reason: `${winner} succeeded first` });
  }
}
