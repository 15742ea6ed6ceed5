import type { CallLane, Schedulable } from "./admission.js";
import { ReadyHeap } from "./ready-heap.js";
import type { Tenant } from "./tenant.js";

/** How a run shares the scheduler with the others. */
export interface LaneOptions {
  /** Runs naming the same tenant share one fair share; undefined gives the run a tenant of its own. */
  tenant?: string | undefined;
  /** The tenant's share of slots relative to the others'; undefined keeps an existing tenant's (1 for a new one). */
  weight?: number | undefined;
  /** Ready calls of a higher priority start first. */
  priority: number;
}

/**
 * The ready calls of the runs of one tenant at one priority, in critical-path order. While one lane is open it is the
 * scheduler's only ready heap; once several are, the fair queue picks the lane whose call starts next. Its place in
 * that queue is kept here, with the rank of its best call, so that lanes compare without looking into their heaps.
 */
export class Lane extends ReadyHeap<Schedulable> implements CallLane {
  readonly tenant: Tenant<Lane>;
  readonly priority: number;
  /** Runs using the lane. */
  runs = 0;
  /** Index in the fair queue's heap; -1 while the lane has no ready call there. */
  position = -1;
  /** Rank and sequence of the best ready call, as of the lane's last move in the fair queue. */
  topRank = 0;
  topSequence = 0;

  constructor(tenant: Tenant<Lane>, priority: number) {
    super();
    this.tenant = tenant;
    this.priority = priority;
  }

  /** Reads the best ready call's rank again; returns false when the lane has none. */
  refreshTop(): boolean {
    const top = this.peek();
    if (top === undefined) return false;
    this.topRank = top.rank;
    this.topSequence = top.sequence;
    return true;
  }
}

/**
 * Which of two lanes' calls goes first as far as runs are concerned, before their calls' ranks: negative for `a`,
 * positive for `b`, 0 when only the ranks can tell. The higher priority first; then the tenant holding the smaller
 * share of slots for its weight; then the tenant that has used less slot-time for its weight.
 */
export function laneOrder(a: Lane, b: Lane): number {
  if (a.priority !== b.priority) return a.priority > b.priority ? -1 : 1;
  const tenantA = a.tenant;
  const tenantB = b.tenant;
  if (tenantA === tenantB) return 0;
  const shareA = tenantA.share;
  const shareB = tenantB.share;
  if (shareA !== shareB) return shareA < shareB ? -1 : 1;
  const anchorA = tenantA.anchor;
  const anchorB = tenantB.anchor;
  if (anchorA !== anchorB) return anchorA < anchorB ? -1 : 1;
  return 0;
}
