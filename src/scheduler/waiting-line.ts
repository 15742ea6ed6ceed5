import type { Schedulable } from "./admission.js";
import type { PoolAmounts } from "./pool-amounts.js";
import { ReadyHeap } from "./ready-heap.js";

/**
 * The calls of one demand and one run priority that wait for room in the pools, best-ranked first. Lines are split by
 * priority so that each line's front is its best call in the pools' order too (see `comesFirst`).
 */
export class WaitingLine {
  readonly demand: PoolAmounts;
  readonly priority: number;
  readonly waiting = new ReadyHeap<Schedulable>();

  constructor(demand: PoolAmounts, priority: number) {
    this.demand = demand;
    this.priority = priority;
  }
}

/**
 * Whether `a` goes before `b` in the pools: the higher run priority first, then the higher rank, then the earlier
 * arrival (plan order).
 */
export function comesFirst(a: Schedulable, b: Schedulable): boolean {
  const priorityA = a.lane?.priority ?? 0;
  const priorityB = b.lane?.priority ?? 0;
  if (priorityA !== priorityB) return priorityA > priorityB;
  return a.rank > b.rank || (a.rank === b.rank && a.sequence < b.sequence);
}
