import type { Gate } from "./gate.js";
import { type HeapItem, ReadyHeap } from "./ready-heap.js";

/** A call as the scheduler sees it. */
export interface Schedulable extends HeapItem {
  /** The gates the call must pass, besides the global limit. */
  readonly gates: readonly Gate<Schedulable>[];
  /**
   * Starts the call. Returns false when it did not take a slot (it joined an identical call already running, or
   * finished at once).
   */
  dispatch(): boolean;
}

/**
 * Owns the ready set and every admission decision: the highest-ranked ready call starts as soon as the global limit
 * and each of its gates have room. One scheduler serves every run of an executor.
 */
export class Scheduler {
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

  enqueue(item: Schedulable): void {
    this.#ready.push(item);
  }

  /** Takes a call out of the ready heap or of the gate it waits at. */
  remove(item: Schedulable): void {
    ReadyHeap.remove(item);
  }

  /** Reorders a call whose rank grew (a plan that grows can lengthen the path behind it). */
  rankIncreased(item: Schedulable): void {
    ReadyHeap.rankIncreased(item);
  }

  /** Frees the slot and the gates an attempt held; the best call waiting at each freed gate becomes ready again. */
  release(item: Schedulable): void {
    this.#running--;
    for (const gate of item.gates) {
      gate.active--;
      const next = gate.waiting.pop();
      if (next !== undefined) this.#ready.push(next);
    }
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
        const fullGate = firstFullGate(item);
        if (fullGate !== undefined) {
          fullGate.waiting.push(item);
          continue;
        }
        for (const gate of item.gates) gate.active++;
        this.#running++;
        if (!item.dispatch()) {
          this.#running--;
          for (const gate of item.gates) gate.active--;
        }
      }
    } finally {
      this.#isPumping = false;
    }
  }
}

function firstFullGate(item: Schedulable): Gate<Schedulable> | undefined {
  for (const gate of item.gates) if (gate.isFull) return gate;
  return undefined;
}
