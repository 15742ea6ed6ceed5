import type { CallLane, Schedulable } from "./admission.js";
import { type Lane, laneOrder } from "./lane.js";
import { ReadyHeap } from "./ready-heap.js";

/**
 * Where an admission keeps the calls it holds, handing them back in the scheduler's own order: by priority and fair
 * share between runs (see FairQueue), by rank inside a run. A tool limit shared by several tenants then goes to them
 * by weight, not to whichever has the longest critical path. Drop-in for a ReadyHeap of held calls.
 *
 * Calls wait in one heap per lane (a tenant at a priority). While a single lane holds calls here (the common case),
 * `pop` is that heap's pop; with several, it compares the lanes' best calls, whose tenants' shares change with every
 * start and end anywhere, so they are read afresh each time rather than kept in order: O(lanes waiting here) per pop.
 */
export class FairWaiting {
  readonly #byLane = new Map<CallLane | undefined, ReadyHeap<Schedulable>>();

  /** Calls held here. */
  get size(): number {
    let size = 0;
    for (const heap of this.#byLane.values()) size += heap.size;
    return size;
  }

  push(item: Schedulable): void {
    let heap = this.#byLane.get(item.lane);
    if (heap === undefined) {
      heap = new ReadyHeap<Schedulable>();
      this.#byLane.set(item.lane, heap);
    }
    heap.push(item);
  }

  /** The call `pop` would return, left in place. */
  peek(): Schedulable | undefined {
    return this.#best()?.peek();
  }

  pop(): Schedulable | undefined {
    return this.#best()?.pop();
  }

  /** The heap whose best call goes first; heaps left empty (their calls started or were cancelled) are dropped. */
  #best(): ReadyHeap<Schedulable> | undefined {
    let best: ReadyHeap<Schedulable> | undefined;
    let bestLane: CallLane | undefined;
    let bestTop: Schedulable | undefined;
    for (const [lane, heap] of this.#byLane) {
      const top = heap.peek();
      if (top === undefined) {
        this.#byLane.delete(lane);
        continue;
      }
      if (bestTop === undefined || goesFirst(lane, top, bestLane, bestTop)) {
        best = heap;
        bestLane = lane;
        bestTop = top;
      }
    }
    return best;
  }
}

/** Lanes come from the calls, and every CallLane is a Lane that `Scheduler.openLane` opened. */
function goesFirst(
  lane: CallLane | undefined,
  top: Schedulable,
  otherLane: CallLane | undefined,
  otherTop: Schedulable,
): boolean {
  if (lane !== undefined && otherLane !== undefined) {
    const order = laneOrder(lane as Lane, otherLane as Lane);
    if (order !== 0) return order < 0;
  }
  return top.rank > otherTop.rank || (top.rank === otherTop.rank && top.sequence < otherTop.sequence);
}
