import { type Clock, type ClockTimer, systemClock } from "../clock/clock.js";
import type { Admission, AdmissionHost, Schedulable } from "./admission.js";
import type { AttemptOutcome } from "./attempt-outcome.js";
import { FairQueue } from "./fair-queue.js";
import type { Lane, LaneOptions } from "./lane.js";
import { ReadyHeap } from "./ready-heap.js";

/**
 * Owns the ready set and every admission decision: the highest-ranked ready call starts as soon as the global limit
 * and each of its admissions have room. One scheduler serves every run of an executor.
 */
export class Scheduler implements AdmissionHost {
  readonly concurrency: number;
  #running = 0;
  /** The ready calls while at most one lane is open: that lane itself, so that sharing starts without moving a call. */
  #ready: ReadyHeap<Schedulable> = new ReadyHeap<Schedulable>();
  readonly #fair: FairQueue;
  readonly #clock: Clock;
  /** Whether several lanes share the slots; until then the single heap serves, as fast as with no sharing at all. */
  #isFair = false;
  #isPumping = false;

  constructor(concurrency: number, clock: Clock = systemClock) {
    this.concurrency = concurrency;
    this.#clock = clock;
    this.#fair = new FairQueue(() => clock.now());
  }

  /** Calls holding a slot now. */
  get running(): number {
    return this.#running;
  }

  now(): number {
    return this.#clock.now();
  }

  schedule(delayMs: number, callback: () => void): ClockTimer {
    return this.#clock.schedule(delayMs, callback);
  }

  /**
   * Opens the queue of a run's ready calls, or joins the one its tenant has at its priority. Once two lanes are open,
   * slots are shared between them by priority, then by each tenant's weighted share (see FairQueue).
   */
  openLane(options: LaneOptions): Lane {
    const lane = this.#fair.open(options);
    if (!this.#isFair) {
      if (this.#fair.laneCount > 1) {
        this.#fair.activate(this.#ready, this.#running);
        this.#isFair = true;
      } else if (this.#ready.size === 0) {
        this.#ready = lane;
      }
    }
    return lane;
  }

  /** A run whose calls have ended leaves its lane (which closes once no run uses it). */
  closeLane(lane: Lane): void {
    if (!this.#fair.close(lane)) return;
    if (this.#isFair) {
      const single = this.#fair.deactivate();
      if (single !== undefined) {
        this.#ready = single;
        this.#isFair = false;
      }
    } else if (this.#ready === lane) {
      this.#ready = new ReadyHeap<Schedulable>();
    }
  }

  enqueue(item: Schedulable): void {
    if (this.#isFair) this.#fair.push(item);
    else this.#ready.push(item);
  }

  requeue(item: Schedulable): void {
    if (this.#isFair) this.#fair.push(item);
    else this.#ready.push(item);
    item.waitingOn?.(undefined);
  }

  wake(item: Schedulable): void {
    this.requeue(item);
    this.pump();
  }

  /** Takes a call out of the ready heap or of the admission that holds it. */
  remove(item: Schedulable): void {
    const heap = item.queuedIn as ReadyHeap<Schedulable> | undefined;
    ReadyHeap.remove(item);
    if (this.#isFair) this.#fair.heapChanged(heap);
    for (const gate of item.gates) gate.forget?.(item);
  }

  /** Reorders a call whose rank grew (a plan that grows can lengthen the path behind it). */
  rankIncreased(item: Schedulable): void {
    ReadyHeap.rankIncreased(item);
    if (this.#isFair) this.#fair.heapChanged(item.queuedIn as ReadyHeap<Schedulable> | undefined);
  }

  /**
   * Frees the slot and what the call's admissions gave it; the calls they held that may fit are ready again. `outcome`
   * tells the admissions how the attempt ended (see AttemptOutcome).
   */
  release(item: Schedulable, outcome?: AttemptOutcome): void {
    this.#running--;
    if (this.#isFair) this.#fair.released(item);
    for (const gate of item.gates) gate.release(item, this, outcome);
  }

  /** Starts ready calls while there is room. Safe to call at any time; a nested call is folded into the outer one. */
  pump(): void {
    if (this.#isPumping) return;
    this.#isPumping = true;
    try {
      // Read anew each turn: a listener of a call's start may open or close a lane.
      while (this.#running < this.concurrency) {
        const item = this.#isFair ? this.#fair.pop() : this.#ready.pop();
        if (item === undefined) break;
        const gates = item.gates;
        if (gates.length > 0) {
          const refusing = firstRefusing(item, gates, this);
          if (refusing !== undefined) {
            item.waitingOn?.(refusing);
            refusing.hold(item, this);
            if (gates.length > 1) heldElsewhere(item, gates, refusing, this);
            continue;
          }
          for (const gate of gates) gate.acquire(item, this);
        }
        this.#running++;
        // Counted before dispatch, which may open a lane: the slot then belongs to the tenant from the start.
        if (this.#isFair) this.#fair.started(item);
        if (!item.dispatch()) {
          this.#running--;
          if (this.#isFair) this.#fair.released(item);
          for (const gate of gates) gate.release(item, this);
        }
      }
    } finally {
      this.#isPumping = false;
    }
  }
}

/** Tells a refused call's other admissions that it will not take what they may have kept for it. */
function heldElsewhere(
  item: Schedulable,
  gates: readonly Admission[],
  refusing: Admission,
  host: AdmissionHost,
): void {
  for (const gate of gates) if (gate !== refusing) gate.heldElsewhere?.(item, host);
}

function firstRefusing(
  item: Schedulable,
  gates: readonly Admission[],
  host: AdmissionHost,
): Admission | undefined {
  for (const gate of gates) if (!gate.admits(item, host)) return gate;
  return undefined;
}
