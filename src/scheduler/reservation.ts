import type { PoolAmounts } from "./pool-amounts.js";

/** A call that holds capacity in an executor's pools, as the reservation sees it. */
export interface PoolHolder {
  readonly demand: PoolAmounts;
  /** When it started, or was handed back with its room kept, on the scheduler's clock. */
  startedAt: number;
  /** How long it is expected to run, in ms; Infinity when nothing is known. */
  readonly estimate: number;
  /** Handed back to the ready heap with its room kept, and not started yet. */
  isPromised: boolean;
}

/** When the call at the head of the pools can start, and what it leaves to others then. */
export interface Reservation {
  /**
   * The earliest time the head fits, if every holder ends when its estimate says. A holder already past its estimate
   * is assumed to run on: it proved its estimate wrong, so nothing is promised on it. Infinity when the head fits only
   * once such a holder ends.
   */
  readonly time: number;
  /**
   * By pool index: the capacity the head will not need at `time`, which a call may take even if it runs past `time`.
   * Infinity for pools the head does not draw on.
   */
  readonly spare: Float64Array;
  /** Until when the reservation stays right while no holder comes or goes: the next moment a holder becomes overdue. */
  readonly validUntil: number;
}

/**
 * Works out the head's reservation (the EASY-backfilling "shadow time") from the pools' holders: walks their expected
 * ends in order, giving back what each holds in the pools the head draws on, until the head fits.
 *
 * @param inUse what the holders take now, by pool index
 * @param limits each pool's capacity (with room for rounding), by pool index
 */
export function reserve(
  head: PoolAmounts,
  holders: Iterable<PoolHolder>,
  inUse: Float64Array,
  limits: Float64Array,
  now: number,
): Reservation {
  const pools = head.poolIndices;
  // What stays taken at the time under consideration, in the pools the head draws on.
  const left = new Float64Array(pools.length);
  for (let index = 0; index < pools.length; index++) left[index] = inUse[pools[index] as number] as number;
  const ending: PoolHolder[] = [];
  let validUntil = Number.POSITIVE_INFINITY;
  for (const holder of holders) {
    const end = holder.startedAt + holder.estimate;
    // Overdue (or unknown): assumed to hold its share for as long as the head waits. One due right now is not
    // overdue: calls ending at one moment are released one after the other.
    if (!(end >= now) || end === Number.POSITIVE_INFINITY) continue;
    if (end < validUntil) validUntil = end;
    if (sharesPool(holder.demand, head)) ending.push(holder);
  }
  let time = Number.POSITIVE_INFINITY;
  if (fits(head, left, limits)) {
    time = now;
  } else {
    ending.sort((a, b) => a.startedAt + a.estimate - (b.startedAt + b.estimate));
    for (let index = 0; index < ending.length; index++) {
      const holder = ending[index] as PoolHolder;
      const end = holder.startedAt + holder.estimate;
      for (let position = 0; position < pools.length; position++) {
        left[position] =
          (left[position] as number) - (holder.demand.byPool[pools[position] as number] as number);
      }
      // Holders ending at the same moment all give back before the head is tried.
      const next = ending[index + 1];
      if (next !== undefined && next.startedAt + next.estimate === end) continue;
      if (fits(head, left, limits)) {
        time = end;
        break;
      }
    }
  }
  const spare = new Float64Array(limits.length).fill(Number.POSITIVE_INFINITY);
  if (time !== Number.POSITIVE_INFINITY) {
    for (let position = 0; position < pools.length; position++) {
      const pool = pools[position] as number;
      spare[pool] =
        (limits[pool] as number) - (head.amounts[position] as number) - (left[position] as number);
    }
  }
  return { time, spare, validUntil };
}

function fits(head: PoolAmounts, left: Float64Array, limits: Float64Array): boolean {
  const pools = head.poolIndices;
  for (let position = 0; position < pools.length; position++) {
    const pool = pools[position] as number;
    if ((left[position] as number) + (head.amounts[position] as number) > (limits[pool] as number))
      return false;
  }
  return true;
}

function sharesPool(demand: PoolAmounts, head: PoolAmounts): boolean {
  for (const pool of demand.poolIndices) if ((head.byPool[pool] as number) > 0) return true;
  return false;
}
