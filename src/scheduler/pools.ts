import type { PoolUses } from "../tool/uses.js";
import type { AdmissionHost, Schedulable } from "./admission.js";
import { Backfill, type PoolState } from "./backfill.js";
import { checkCapacities, checkUsesFit } from "./check-pools.js";
import type { PoolAmounts } from "./pool-amounts.js";
import { type PoolArbiter, PoolDemand } from "./pool-demand.js";
import type { PoolHolder } from "./reservation.js";
import { comesFirst, type WaitingLine } from "./waiting-line.js";

/** One pool as it stands: its capacity, what running calls take from it, and how many calls wait for it. */
export interface PoolUsage {
  capacity: number;
  /** Taken by running calls (and by calls handed back to start, whose room is kept for them). */
  inUse: number;
  /** Calls that draw on this pool and wait for room. */
  waiting: number;
}

/**
 * An executor's named capacities (`cpu: 2`, `memory_mb: 4096`, `gpu: 1`…), shared by every run. A call starts only
 * when all it takes fits in every pool at once, so no call ever holds part of its demand while waiting for the rest.
 *
 * The first waiting call (by run priority, then rank, then plan order) is the head. A call behind it may start first
 * (backfill) only if that cannot delay the head: EASY backfilling on the cost model's estimates (see `Backfill`).
 * Estimates may be wrong: a call past its estimate is assumed to run on, and once the head's reservation has passed,
 * only calls taking what the head could never need go ahead. The head then waits only for calls already running, so it
 * starts once they end, whatever comes behind it: no stream of small calls starves it.
 *
 * A call handed back to the scheduler keeps its room until it starts, is held by another admission, or is cancelled.
 */
export class Pools implements PoolArbiter {
  readonly names: readonly string[];
  readonly #capacities: ReadonlyMap<string, number>;
  readonly #indexByName = new Map<string, number>();
  /** Each capacity with room for rounding, so that amounts like 0.1 + 0.2 fit a capacity of 0.3. */
  readonly #limits: Float64Array;
  /** Taken now by pool index: by running calls, and by calls handed back with their room kept. */
  readonly #inUse: Float64Array;
  readonly #holders = new Map<Schedulable, PoolHolder>();
  /** Lines with calls waiting (some maybe left empty, dropped when next seen). */
  readonly #lines = new Set<WaitingLine>();
  readonly #state: PoolState & { version: number };
  readonly #backfill = new Backfill();
  /** The scheduler, to hand calls back to when a cancellation lets them through. */
  #host: AdmissionHost | undefined;

  /** @param capacities positive finite capacities by pool name, checked here. */
  constructor(capacities: unknown) {
    this.#capacities = checkCapacities(capacities);
    this.names = [...this.#capacities.keys()];
    for (const [index, name] of this.names.entries()) this.#indexByName.set(name, index);
    this.#limits = Float64Array.from(this.#capacities.values(), (capacity) => capacity * (1 + 1e-9));
    this.#inUse = new Float64Array(this.names.length);
    this.#state = { holders: this.#holders, inUse: this.#inUse, limits: this.#limits, version: 0 };
  }

  /** The admission of a tool's calls that take `uses`. Throws if a pool is unknown or smaller than the demand. */
  demand(toolName: string, uses: PoolUses): PoolDemand {
    checkUsesFit(toolName, uses, this.#capacities);
    const poolIndices = Object.keys(uses).map((name) => this.#indexByName.get(name) as number);
    return new PoolDemand(this, poolIndices, Object.values(uses));
  }

  /** Checks a tool's `uses` against these pools (or none), as `demand` would. */
  static check(pools: Pools | undefined, toolName: string, uses: PoolUses): void {
    checkUsesFit(toolName, uses, pools === undefined ? undefined : pools.#capacities);
  }

  /** The admission for `uses` in these pools (or none, which throws); undefined when `uses` takes nothing. */
  static demandFor(
    pools: Pools | undefined,
    toolName: string,
    uses: PoolUses | undefined,
  ): PoolDemand | undefined {
    if (uses === undefined) return undefined;
    Pools.check(pools, toolName, uses);
    return (pools as Pools).demand(toolName, uses);
  }

  /** Every pool as it stands now, by name. */
  usage(): Record<string, PoolUsage> {
    const usage: Record<string, PoolUsage> = {};
    this.names.forEach((name, index) => {
      const inUse = this.#inUse[index] as number;
      usage[name] = { capacity: this.#capacities.get(name) as number, inUse, waiting: 0 };
    });
    for (const line of this.#lines) {
      for (const pool of line.demand.poolIndices)
        (usage[this.names[pool] as string] as PoolUsage).waiting += line.waiting.size;
    }
    return usage;
  }

  admits(demand: PoolDemand, item: Schedulable, host: AdmissionHost): boolean {
    const holder = this.#holders.get(item);
    // Handed back with its room kept: it was judged then.
    if (holder !== undefined) return holder.isPromised;
    if (!this.#fits(demand)) return false;
    const headLine = this.#headLine();
    const head = headLine?.waiting.peek();
    if (headLine === undefined || head === undefined || comesFirst(item, head)) return true;
    return this.#backfill.allows(this.#state, demand, item, headLine.demand, head, host.now());
  }

  hold(demand: PoolDemand, item: Schedulable, host: AdmissionHost): void {
    this.#host = host;
    const holder = this.#holders.get(item);
    if (holder !== undefined) this.#drop(item, holder);
    const head = this.#headLine()?.waiting.peek();
    const line = demand.lineFor(item);
    line.waiting.push(item);
    this.#lines.add(line);
    // A new head: the calls held for the old one are judged anew, against what this one needs.
    if (head !== undefined && comesFirst(item, head)) this.#handBack(host);
  }

  acquire(demand: PoolDemand, item: Schedulable, host: AdmissionHost): void {
    const now = host.now();
    const holder = this.#holders.get(item);
    if (holder === undefined) this.#take(item, demand, now, false);
    else {
      holder.isPromised = false;
      holder.startedAt = now;
    }
    this.#state.version++;
  }

  release(item: Schedulable, host: AdmissionHost): void {
    const holder = this.#holders.get(item);
    if (holder === undefined) return;
    this.#drop(item, holder);
    this.#handBack(host);
  }

  /** A cancelled call: the room kept for it, or the place at the head it had, goes to the calls waiting. */
  forget(item: Schedulable): void {
    const holder = this.#holders.get(item);
    const wasPromised = holder?.isPromised === true;
    if (holder !== undefined && wasPromised) this.#drop(item, holder);
    const wasHead = this.#backfill.forget(item);
    if ((wasPromised || wasHead) && this.#host !== undefined) this.#handBack(this.#host);
  }

  /** A call handed back here was held by another admission: the room kept for it goes to the calls waiting. */
  heldElsewhere(item: Schedulable, host: AdmissionHost): void {
    const holder = this.#holders.get(item);
    if (holder === undefined || !holder.isPromised) return;
    this.#drop(item, holder);
    this.#handBack(host);
  }

  /**
   * Hands back the waiting calls that may start now, keeping their room until they do: the heads, best first, while
   * they fit; then, behind the first head that does not, every call the backfilling rules let ahead of it.
   */
  #handBack(host: AdmissionHost): void {
    const now = host.now();
    const handed: Schedulable[] = [];
    let headLine = this.#headLine();
    while (headLine !== undefined && this.#fits(headLine.demand)) {
      const item = headLine.waiting.pop() as Schedulable;
      this.#take(item, headLine.demand, now, true);
      handed.push(item);
      headLine = this.#headLine();
    }
    const head = headLine?.waiting.peek();
    if (headLine !== undefined && head !== undefined) {
      // The other lines, best front first; a line whose front may not go ahead is passed over for this round (the
      // calls behind that front take as much, and all but its estimate is the same).
      const others = [...this.#lines].filter((line) => line !== headLine);
      while (others.length > 0) {
        let bestIndex = -1;
        let best: Schedulable | undefined;
        for (let index = 0; index < others.length; index++) {
          const front = (others[index] as WaitingLine).waiting.peek();
          if (front !== undefined && (best === undefined || comesFirst(front, best))) {
            best = front;
            bestIndex = index;
          }
        }
        const line = others[bestIndex];
        if (best === undefined || line === undefined) break;
        const demand = line.demand;
        if (
          this.#fits(demand) &&
          this.#backfill.allows(this.#state, demand, best, headLine.demand, head, now)
        ) {
          line.waiting.pop();
          this.#take(best, demand, now, true);
          handed.push(best);
        } else {
          others.splice(bestIndex, 1);
        }
      }
    }
    for (const item of handed) host.requeue(item);
  }

  /** The line whose front comes first of all; undefined when no call waits. */
  #headLine(): WaitingLine | undefined {
    let best: WaitingLine | undefined;
    let bestItem: Schedulable | undefined;
    for (const line of this.#lines) {
      const front = line.waiting.peek();
      if (front === undefined) this.#lines.delete(line);
      else if (bestItem === undefined || comesFirst(front, bestItem)) {
        best = line;
        bestItem = front;
      }
    }
    return best;
  }

  /** The name of the first pool of `demand` without room for it now; its first pool when all have room. */
  shortOf(demand: PoolDemand): string {
    const pool = this.#firstShort(demand) ?? (demand.poolIndices[0] as number);
    return this.names[pool] as string;
  }

  #fits(demand: PoolAmounts): boolean {
    return this.#firstShort(demand) === undefined;
  }

  /** The index of the first pool of `demand` without room for it now, if any. */
  #firstShort(demand: PoolAmounts): number | undefined {
    const pools = demand.poolIndices;
    for (let position = 0; position < pools.length; position++) {
      const pool = pools[position] as number;
      if (
        (this.#inUse[pool] as number) + (demand.amounts[position] as number) >
        (this.#limits[pool] as number)
      ) {
        return pool;
      }
    }
    return undefined;
  }

  #take(item: Schedulable, demand: PoolAmounts, now: number, isPromised: boolean): void {
    const estimate = item.estimate ?? Number.POSITIVE_INFINITY;
    this.#holders.set(item, { demand, startedAt: now, estimate, isPromised });
    const pools = demand.poolIndices;
    for (let position = 0; position < pools.length; position++) {
      const pool = pools[position] as number;
      this.#inUse[pool] = (this.#inUse[pool] as number) + (demand.amounts[position] as number);
    }
    this.#state.version++;
  }

  #drop(item: Schedulable, holder: PoolHolder): void {
    this.#holders.delete(item);
    const pools = holder.demand.poolIndices;
    for (let position = 0; position < pools.length; position++) {
      const pool = pools[position] as number;
      this.#inUse[pool] = (this.#inUse[pool] as number) - (holder.demand.amounts[position] as number);
    }
    // Sums of fractions drift: once nothing is held, nothing is taken, exactly.
    if (this.#holders.size === 0) this.#inUse.fill(0);
    this.#state.version++;
  }
}
