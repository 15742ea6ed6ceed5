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
  #total = 0;
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

  update(event: WeftEvent): void {
    switch (event.type) {
      case "run-start":
        this.#total = event.calls;
        break;
      case "call-queued":
        this.#seen.add(event.callId);
        break;
      case "call-start":
        this.#running.set(event.callId, {
          callId: event.callId,
          tool: event.tool,
          attempt: event.attempt,
          startMs: event.time,
        });
        break;
      case "call-retry":
      case "call-abandon":
        this.#running.delete(event.callId);
        break;
      case "call-end":
        this.#seen.add(event.callId);
        this.#running.delete(event.callId);
        if (event.status === "succeeded") this.succeeded++;
        else if (event.status === "failed") this.failed++;
        else this.skipped++;
        break;
      default:
        break;
    }
  }
}
