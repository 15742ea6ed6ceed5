import type { AttemptOutcome } from "./attempt-outcome.js";
import type { Schedulable } from "./scheduler.js";

/** What an admission may ask of the scheduler that consults it. */
export interface AdmissionHost {
  /** Puts a held call back among the ready ones, to be admitted again (every admission is asked anew). */
  requeue(item: Schedulable): void;
  /** Requeues a call and starts what can start: for an admission that wakes a call from a timer. */
  wake(item: Schedulable): void;
  /** Milliseconds on the scheduler's clock (`performance.now()`). */
  now(): number;
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
