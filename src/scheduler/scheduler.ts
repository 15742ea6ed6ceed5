import { performance } from "node:perf_hooks";
import type { Admission, AdmissionHost } from "./admission.js";
import { type HeapItem, ReadyHeap } from "./ready-heap.js";

/** A call as the scheduler sees it. */
export interface Schedulable extends HeapItem {
  /** What the call must pass besides the global limit: run and tool limits, locks, pools, rate limits. */
  readonly gates: readonly Admission[];
  /**
   * Starts the call. Returns false when it did not take a slot (it joined an identical call already running, or
   * finished at once).
   */
  dispatch(): boolean;
}

/**
 * Owns the ready set and every admission decision: the highest-ranked ready call starts as soon as the global limit
 * and each of its admissions have room. One scheduler serves every run of an executor.
 */
export class Scheduler implements AdmissionHost {
  readonly concurrency: number;
  #running = 0;
  readonly #ready = new ReadyHeap<Schedulable>();
  #isPumping = false;

  constructor(concurrency: number) {
    this.concurrency = concurrency;
  }

  /** Calls holding a slot now. */
  get running(): number {
    return this.#running;
  }

  now(): number {
    return performance.now();
  }

  enqueue(item: Schedulable): void {
    this.#ready.push(item);
  }

  requeue(item: Schedulable): void {
    this.#ready.push(item);
  }

  wake(item: Schedulable): void {
    this.#ready.push(item);
    this.pump();
  }

  /** Takes a call out of the ready heap or of the admission that holds it. */
  remove(item: Schedulable): void {
    ReadyHeap.remove(item);
    for (const gate of item.gates) gate.forget?.(item);
  }

  /** Reorders a call whose rank grew (a plan that grows can lengthen the path behind it). */
  rankIncreased(item: Schedulable): void {
    ReadyHeap.rankIncreased(item);
  }

  /** Frees the slot and what the call's admissions gave it; the calls they held that may fit are ready again. */
  release(item: Schedulable): void {
    this.#running--;
    for (const gate of item.gates) gate.release(item, this);
  }

  /** Starts ready calls while there is room. Safe to call at any time; a nested call is folded into the outer one. */
  pump(): void {
    if (this.#isPumping) return;
    this.#isPumping = true;
    try {
      const ready = this.#ready;
      while (this.#running < this.concurrency) {
        const item = ready.pop();
        if (item === undefined) break;
        const gates = item.gates;
        if (gates.length > 0) {
          const refusing = firstRefusing(item, gates, this);
          if (refusing !== undefined) {
            refusing.hold(item, this);
            continue;
          }
          for (const gate of gates) gate.acquire(item, this);
        }
        this.#running++;
        if (!item.dispatch()) {
          this.#running--;
          for (const gate of gates) gate.release(item, this);
        }
      }
    } finally {
      this.#isPumping = false;
    }
  }
}

function firstRefusing(
  item: Schedulable,
  gates: readonly Admission[],
  host: AdmissionHost,
): Admission | undefined {
  for (const gate of gates) if (!gate.admits(item, host)) return gate;
  return undefined;
}
