import type { Schedulable } from "./admission.js";
import { Lane, type LaneOptions } from "./lane.js";
import { LaneHeap } from "./lane-heap.js";
import { ReadyHeap } from "./ready-heap.js";
import { Tenant } from "./tenant.js";

/**
 * The ready calls of several runs, and the choice of whose call starts next: the highest priority first; among equal
 * priorities the tenant holding the smallest share of slots (`running / weight`), so that each tenant with ready calls
 * holds slots in proportion to its weight; among equal shares the tenant that has used the least slot-time for its
 * weight, so that tenants take turns even when their calls end as fast as they start; then the best-ranked call, so
 * that inside a tenant the critical-path order holds.
 *
 * Lanes with ready calls sit in a LaneHeap on that order. A lane moves when its best call changes (a push, a pop, a
 * removal, a rank that grew) and when its tenant's share changes (a call starts or frees its slot): O(log lanes) each,
 * whatever the number of calls.
 */
export class FairQueue {
  readonly #tenants = new Map<string, Tenant<Lane>>();
  readonly #lanes = new Set<Lane>();
  readonly #heap = new LaneHeap();
  readonly #clock: () => number;
  /**
   * The largest usage a tenant had when served: a tenant that had no ready call rejoins here rather than with credit
   * saved up while it was idle, which would let it win every tie for a while.
   */
  #virtualTime = 0;
  /** Where calls that belong to no run wait. */
  #defaultLane: Lane | undefined;

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /** Lanes open now. */
  get laneCount(): number {
    return this.#lanes.size;
  }

  /**
   * Opens a run's lane, under the tenant it names (whose weight becomes the one given) or a tenant of its own. Runs of
   * one tenant and one priority share a lane: their calls go by rank alone, and a tenant's share, which changes with
   * every start and end, moves one lane per priority it uses rather than one per run.
   */
  open(options: LaneOptions): Lane {
    const key = options.tenant;
    let tenant = key === undefined ? undefined : this.#tenants.get(key);
    if (tenant === undefined) {
      tenant = new Tenant<Lane>(key, options.weight ?? 1);
      tenant.usage = this.#virtualTime;
      tenant.stamp = this.#clock();
      if (key !== undefined) this.#tenants.set(key, tenant);
    } else if (options.weight !== undefined && tenant.weight !== options.weight) {
      tenant.accrue(this.#clock());
      tenant.weight = options.weight;
      this.#tenantChanged(tenant);
    }
    let lane = tenant.lanes.find((candidate) => candidate.priority === options.priority);
    if (lane === undefined) {
      lane = new Lane(tenant, options.priority);
      tenant.lanes.push(lane);
      this.#lanes.add(lane);
    }
    lane.runs++;
    return lane;
  }

  /**
   * A run whose calls have ended leaves its lane. Returns true when that closed the lane (no other run uses it); a
   * tenant left without lanes is forgotten.
   */
  close(lane: Lane): boolean {
    if (--lane.runs > 0 || !this.#lanes.delete(lane)) return false;
    if (lane.position >= 0) this.#heap.remove(lane);
    const lanes = lane.tenant.lanes;
    lanes.splice(lanes.indexOf(lane), 1);
    if (lanes.length === 0 && lane.tenant.key !== undefined) this.#tenants.delete(lane.tenant.key);
    return true;
  }

  /**
   * Takes over from the single heap that served while one lane was open, when a second opens. That heap's calls, and
   * every slot held now, belong to the lane opened first.
   */
  activate(ready: ReadyHeap<Schedulable>, running: number): void {
    const now = this.#clock();
    for (const lane of this.#lanes) {
      lane.tenant.running = 0;
      lane.tenant.stamp = now;
    }
    const first = this.#lanes.values().next().value;
    if (first !== undefined) first.tenant.running = running;
    if (ready instanceof Lane) {
      this.#heap.update(ready);
    } else {
      for (let item = ready.pop(); item !== undefined; item = ready.pop()) this.push(item);
    }
  }

  /** The heap that serves alone when at most one lane is left, or undefined while several still need sharing. */
  deactivate(): ReadyHeap<Schedulable> | undefined {
    const defaultLane = this.#defaultLane;
    const hasStray = defaultLane !== undefined && defaultLane.size > 0;
    if (this.#lanes.size > 1 || (this.#lanes.size === 1 && hasStray)) return undefined;
    this.#heap.clear();
    if (hasStray) return defaultLane;
    return this.#lanes.values().next().value ?? new ReadyHeap<Schedulable>();
  }

  push(item: Schedulable): void {
    const lane = this.#laneOf(item);
    lane.push(item);
    if (lane.position < 0) {
      const tenant = lane.tenant;
      if (!tenant.isBacklogged) {
        tenant.accrue(this.#clock());
        if (tenant.usage < this.#virtualTime) tenant.usage = this.#virtualTime;
      }
      this.#heap.update(lane);
    } else if (item.rank > lane.topRank || (item.rank === lane.topRank && item.sequence < lane.topSequence)) {
      lane.topRank = item.rank;
      lane.topSequence = item.sequence;
      this.#heap.improved(lane);
    }
  }

  pop(): Schedulable | undefined {
    for (;;) {
      const lane = this.#heap.top;
      if (lane === undefined) return undefined;
      const item = lane.pop();
      this.#heap.update(lane);
      if (item !== undefined) return item;
    }
  }

  /** A call took a slot: its tenant's share grew. */
  started(item: Schedulable): void {
    const tenant = this.#laneOf(item).tenant;
    tenant.accrue(this.#clock());
    if (tenant.usage > this.#virtualTime) this.#virtualTime = tenant.usage;
    tenant.running++;
    this.#tenantChanged(tenant);
  }

  /** A call freed its slot. */
  released(item: Schedulable): void {
    const tenant = this.#laneOf(item).tenant;
    tenant.accrue(this.#clock());
    tenant.running--;
    this.#tenantChanged(tenant);
  }

  /** A call in `heap` was removed or re-ranked: if the heap is a lane, its best call may have changed. */
  heapChanged(heap: ReadyHeap<Schedulable> | undefined): void {
    if (heap instanceof Lane && heap.position >= 0) this.#heap.update(heap);
  }

  /** The lane a call waits in: the one its run opened here (every CallLane is such a Lane), or the strays' lane. */
  #laneOf(item: Schedulable): Lane {
    return (item.lane as Lane | undefined) ?? this.#laneForStrays();
  }

  #laneForStrays(): Lane {
    if (this.#defaultLane === undefined) {
      this.#defaultLane = new Lane(new Tenant<Lane>(undefined, 1), 0);
      this.#defaultLane.tenant.lanes.push(this.#defaultLane);
    }
    return this.#defaultLane;
  }

  #tenantChanged(tenant: Tenant<Lane>): void {
    for (const lane of tenant.lanes) if (lane.position >= 0) this.#heap.update(lane);
  }
}
