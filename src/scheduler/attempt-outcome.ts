/**
 * How the attempt that held a slot ended, given to each admission on `release` for those that learn from outcomes
 * (an adaptive limit). It is absent when the slot was given back without an attempt having run to its end: the call
 * joined an identical one already running, or its run was cancelled.
 */
export interface AttemptOutcome {
  /** What the attempt threw, or the timeout that ended it; undefined when it succeeded. */
  readonly error?: unknown;
}

/** The outcome of every attempt that succeeded: one shared object, so that success allocates nothing. */
export const succeededOutcome: AttemptOutcome = Object.freeze({});
