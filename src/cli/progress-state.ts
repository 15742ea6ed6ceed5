import type { WeftEvent } from "../events/types.js";

/** A call holding a slot now. */
export interface RunningCall {
  callId: string;
  tool: string;
  attempt: number;
  /** When the attempt started, in ms from the run's start. */
  startMs: number;
}

/** The tallies a live view shows, kept up to date from the run's events. */
export class ProgressState {
  readonly #running = new Map<string, RunningCall>();
  readonly #seen = new Set<string>();
  /** What each call that has not started waits on (see WaitCause). */
  readonly #waitingOn = new Map<string, string>();
  #total = 0;
  /** The executor's limit on calls running at once, as the run started. */
  concurrency = 0;
  succeeded = 0;
  failed = 0;
  /** Skipped or cancelled. */
  skipped = 0;

  /** Every call of the run, including calls added to an open run. */
  get total(): number {
    return Math.max(this.#total, this.#seen.size);
  }

  get ended(): number {
    return this.succeeded + this.failed + this.skipped;
  }

  /** Calls waiting for a dependency, for a slot, or between two attempts. */
  get queued(): number {
    return Math.max(0, this.total - this.ended - this.#running.size);
  }

  /** The calls running now, the longest-running first. */
  running(): RunningCall[] {
    return [...this.#running.values()].sort((a, b) => a.startMs - b.startMs);
  }

  get runningCount(): number {
    return this.#running.size;
  }

  /** What a call that has not started waits on now (see WaitCause); undefined once it started or ended. */
  waitCauseOf(callId: string): string | undefined {
    return this.#waitingOn.get(callId);
  }

  /** The calls not started, counted by what they wait on, the most common cause first. */
  queuedByCause(): [cause: string, count: number][] {
    const counts = new Map<string, number>();
    for (const cause of this.#waitingOn.values()) counts.set(cause, (counts.get(cause) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  update(event: WeftEvent): void {
    switch (event.type) {
      case "run-start":
        this.#total = event.calls;
        this.concurrency = event.concurrency;
        break;
      case "call-queued":
        this.#seen.add(event.callId);
        this.#waitingOn.set(event.callId, event.dependencies.length > 0 ? "dependency" : "concurrency");
        break;
      case "call-ready":
        this.#waitingOn.set(event.callId, "concurrency");
        break;
      case "call-wait":
        this.#waitingOn.set(event.callId, event.cause);
        break;
      case "call-start":
        this.#waitingOn.delete(event.callId);
        this.#running.set(event.callId, {
          callId: event.callId,
          tool: event.tool,
          attempt: event.attempt,
          startMs: event.time,
        });
        break;
      case "call-retry":
        this.#running.delete(event.callId);
        this.#waitingOn.set(event.callId, "backoff");
        break;
      case "call-abandon":
        this.#running.delete(event.callId);
        break;
      case "call-end":
        this.#seen.add(event.callId);
        this.#running.delete(event.callId);
        this.#waitingOn.delete(event.callId);
        if (event.status === "succeeded") this.succeeded++;
        else if (event.status === "failed") this.failed++;
        else this.skipped++;
        break;
      default:
        break;
    }
  }
}
