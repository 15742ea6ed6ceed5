import type { WaitCause } from "../../events/types.js";

/** How long an attempt queued before it started, and on what it waited longest. */
export interface QueuedTime {
  /** From the moment the attempt was ready to run (`call-ready`) until it started, in ms. */
  queueMs: number;
  /** The cause it waited on longest in that time; undefined when it started without having been ready. */
  cause: WaitCause | undefined;
}

/**
 * What one call waits on, from its events, as TimelineBuilder reads them: `call-queued` starts a wait (`dependency`
 * or `concurrency`), `call-ready` starts the attempt's queueing (`concurrency`), `call-wait` changes the cause,
 * `call-retry` waits on `backoff`, and `call-start` ends the wait. Only the time since the last `call-ready` counts
 * as queued: a dependency or a backoff is not a wait for admission.
 */
export class CallWaits {
  #cause: WaitCause;
  #since: number;
  #readyAt: number | undefined;
  /** Milliseconds per cause since the last `call-ready`. */
  readonly #totals = new Map<WaitCause, number>();

  constructor(hasDependencies: boolean, time: number) {
    this.#cause = hasDependencies ? "dependency" : "concurrency";
    this.#since = time;
  }

  ready(time: number): void {
    this.#totals.clear();
    this.#readyAt = time;
    this.#cause = "concurrency";
    this.#since = time;
  }

  waitOn(cause: WaitCause, time: number): void {
    if (cause === this.#cause) return;
    this.#close(time);
    this.#cause = cause;
  }

  backoff(time: number): void {
    this.#readyAt = undefined;
    this.#cause = "backoff";
    this.#since = time;
  }

  /** The attempt started: how long it queued, and why. */
  started(time: number): QueuedTime {
    this.#close(time);
    const readyAt = this.#readyAt;
    this.#readyAt = undefined;
    if (readyAt === undefined) return { queueMs: 0, cause: undefined };
    let cause: WaitCause | undefined;
    let longest = -1;
    for (const [candidate, milliseconds] of this.#totals) {
      if (milliseconds > longest) {
        cause = candidate;
        longest = milliseconds;
      }
    }
    return { queueMs: Math.max(0, time - readyAt), cause };
  }

  #close(time: number): void {
    if (this.#readyAt !== undefined) {
      this.#totals.set(this.#cause, (this.#totals.get(this.#cause) ?? 0) + Math.max(0, time - this.#since));
    }
    this.#since = time;
  }
}
