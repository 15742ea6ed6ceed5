import type { ClockTimer } from "../clock/clock.js";
import type { AttemptOutcome } from "./attempt-outcome.js";
import type { HeapItem } from "./ready-heap.js";

// A call and the admissions that gate it refer to each other, so both live here; the Scheduler, the FairQueue and
// every admission import them from this file, which imports none of them.

/** A call as the scheduler sees it. */
export interface Schedulable extends HeapItem {
  /** What the call must pass besides the global limit: run and tool limits, locks, pools, rate limits. */
  readonly gates: readonly Admission[];
  /**
   * Starts the call. Returns false when it did not take a slot (it joined an identical call already running, or
   * finished at once).
   */
  dispatch(): boolean;
  /** The queue of the run the call belongs to, for fair share between runs. */
  readonly lane?: CallLane | undefined;
  /**
   * How long one attempt is expected to run, in ms (from the cost model): pools plan their reservations with it.
   * Absent means unknown, and nothing is promised on it.
   */
  readonly estimate?: number;
  /** Told whenever an admission holds the call, and with undefined when it is back among the ready calls. */
  waitingOn?(admission: Admission | undefined): void;
}

/**
 * The queue of a run's ready calls, as a call names it and admissions read it: its run's priority. Every such lane is
 * a Lane that `Scheduler.openLane` opened, which the FairQueue and FairWaiting rely on; the Lane class is not named
 * here because it is a heap of Schedulables, which would tie this file and lane.ts to each other.
 */
export interface CallLane {
  /** Ready calls of a higher priority start first. */
  readonly priority: number;
}

/** What an admission may ask of the scheduler that consults it. */
export interface AdmissionHost {
  /** Puts a held call back among the ready ones, to be admitted again (every admission is asked anew). */
  requeue(item: Schedulable): void;
  /** Requeues a call and starts what can start: for an admission that wakes a call from a timer. */
  wake(item: Schedulable): void;
  /** Milliseconds on the scheduler's clock. */
  now(): number;
  /** Sets a wait on the scheduler's clock: for an admission that wakes its calls when a window opens. */
  schedule(delayMs: number, callback: () => void): ClockTimer;
}

/**
 * One condition a call must meet before it starts: a concurrency limit, resource locks, a pool's capacity, a rate
 * limit. The scheduler asks every admission of a call; the call starts only when all admit it, and then all acquire
 * what it needs at once. A call one of them refuses is held by that admission, which hands it back through
 * `host.requeue` (or `host.wake`) once it may fit, so that it never blocks the calls behind it.
 *
 * Invariants the scheduler keeps: `acquire` follows only an `admits` that returned true in the same admission round;
 * every `acquire` is followed by exactly one `release`; a held call is either handed back or `forget`-ten.
 */
export interface Admission {
  /** The admission, for debugging: `tool:search`, `rate:openai`, `locks`… */
  readonly name: string;
  /**
   * What a call this admission holds is waiting on, as events and views name it (see WaitCause): `concurrency`,
   * `tool-limit`, `pool:<name>`, `lock:<key>`, `rate:<key>`. Asked only when someone listens to the call's events.
   */
  waitCause(item: Schedulable): string;
  /** Whether the call can start now, as far as this admission is concerned. Changes nothing. */
  admits(item: Schedulable, host: AdmissionHost): boolean;
  /** Keeps a call this admission refused, until it may fit. */
  hold(item: Schedulable, host: AdmissionHost): void;
  /** Takes what the call needs. */
  acquire(item: Schedulable, host: AdmissionHost): void;
  /**
   * Gives back what the call took, and hands back the held calls that may fit now. `outcome` tells how the attempt
   * ended, for admissions that learn from it; it is absent when no attempt ran to its end (see AttemptOutcome).
   */
  release(item: Schedulable, host: AdmissionHost, outcome?: AttemptOutcome): void;
  /**
   * Forgets a held call that will not start (it was cancelled). An admission that holds calls only in a ReadyHeap
   * needs nothing here: the scheduler takes the call out of its heap.
   */
  forget?(item: Schedulable): void;
  /**
   * Another admission of the call held it instead of letting it start. An admission that handed the call back and
   * counted on it to take the room made for it (a gate's free slot) hands that room to its next held call here;
   * otherwise, with the call parked elsewhere waiting for calls still held here, both would wait forever.
   */
  heldElsewhere?(item: Schedulable, host: AdmissionHost): void;
}
