import { QueueFullError } from "../errors/queue-full-error.js";

/**
 * Counts the calls admitted into runs and not ended yet, across every run of an executor, and refuses calls past
 * `maxQueued`. One counter moved when calls are added and when each ends: nothing is walked.
 */
export class QueueBound {
  readonly maxQueued: number;
  queued = 0;

  constructor(maxQueued: number) {
    this.maxQueued = maxQueued;
  }

  /** Throws a QueueFullError when `requested` more calls would not fit. Takes nothing. */
  check(requested: number): void {
    if (requested > 0 && this.queued + requested > this.maxQueued) {
      throw new QueueFullError({ maxQueued: this.maxQueued, queued: this.queued, requested });
    }
  }

  added(count: number): void {
    this.queued += count;
  }

  ended(): void {
    this.queued--;
  }
}
