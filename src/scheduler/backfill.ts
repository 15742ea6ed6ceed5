import type { Schedulable } from "./admission.js";
import type { PoolAmounts } from "./pool-amounts.js";
import { type PoolHolder, type Reservation, reserve } from "./reservation.js";

/** What the pools hold now, as the backfilling rules read it. */
export interface PoolState {
  readonly holders: ReadonlyMap<Schedulable, PoolHolder>;
  /** Taken by pool index. */
  readonly inUse: Float64Array;
  /** Capacities by pool index, with room for rounding. */
  readonly limits: Float64Array;
  /** Changes whenever a holder comes, goes or starts. */
  readonly version: number;
}

/**
 * The EASY-backfilling rules: whether a call ranked below the head of the pools may start first. It keeps the head's
 * deadline (the earliest start its reservation has promised it) and the reservation last worked out.
 */
export class Backfill {
  #cached: { reservation: Reservation; version: number; head: Schedulable } | undefined;
  /** The head the deadline belongs to. */
  #deadlineHead: Schedulable | undefined;
  #deadline = Number.POSITIVE_INFINITY;

  /**
   * Whether `item` (with `demand`, fitting now, ranked below `head`) may start without delaying the head:
   * - it takes only capacity the head would not need even if every holder ran forever; or
   * - before the head's deadline: it is expected to end by then, or it takes only capacity the head will not need at
   *   its reservation.
   * Past the deadline the estimates proved wrong: only the first rule holds, and the head waits only for the calls
   * holding room then.
   */
  allows(
    state: PoolState,
    demand: PoolAmounts,
    item: Schedulable,
    headDemand: PoolAmounts,
    head: Schedulable,
    now: number,
  ): boolean {
    const pools = demand.poolIndices;
    let isHarmless = true;
    for (let position = 0; position < pools.length && isHarmless; position++) {
      const pool = pools[position] as number;
      const headAmount = headDemand.byPool[pool] as number;
      isHarmless =
        headAmount === 0 ||
        (state.inUse[pool] as number) + (demand.amounts[position] as number) + headAmount <=
          (state.limits[pool] as number);
    }
    if (isHarmless) return true;
    const reservation = this.#reservationFor(state, headDemand, head, now);
    if (reservation.time === Number.POSITIVE_INFINITY || !(now < this.#deadline)) return false;
    if (now + (item.estimate ?? Number.POSITIVE_INFINITY) <= this.#deadline) return true;
    for (let position = 0; position < pools.length; position++) {
      const pool = pools[position] as number;
      if ((demand.amounts[position] as number) > (reservation.spare[pool] as number)) return false;
    }
    return true;
  }

  /** A call that left the pools without starting. Returns whether it was the head the deadline belonged to. */
  forget(item: Schedulable): boolean {
    if (this.#deadlineHead !== item) return false;
    this.#deadlineHead = undefined;
    this.#cached = undefined;
    return true;
  }

  /** The head's reservation, worked out again only when a holder came or went, or one became overdue. */
  #reservationFor(state: PoolState, headDemand: PoolAmounts, head: Schedulable, now: number): Reservation {
    const cached = this.#cached;
    let reservation: Reservation;
    if (
      cached !== undefined &&
      cached.version === state.version &&
      cached.head === head &&
      now < cached.reservation.validUntil
    ) {
      reservation = cached.reservation;
    } else {
      reservation = reserve(headDemand, state.holders.values(), state.inUse, state.limits, now);
      this.#cached = { reservation, version: state.version, head };
    }
    // The deadline only comes closer while the call stays at the head: a wrong estimate never pushes it back.
    if (this.#deadlineHead !== head) {
      this.#deadlineHead = head;
      this.#deadline = reservation.time;
    } else if (reservation.time < this.#deadline) {
      this.#deadline = reservation.time;
    }
    return reservation;
  }
}
