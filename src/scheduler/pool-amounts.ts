/**
 * What each call of one pool demand takes from an executor's pools: the data part of a PoolDemand, which is all that
 * reservations, backfilling and waiting lines read. It has a file of its own so that they need not import PoolDemand,
 * which imports them.
 */
export interface PoolAmounts {
  /** The pools drawn on, by their index in the Pools… */
  readonly poolIndices: readonly number[];
  /** …and the amount taken from each, in the same order. */
  readonly amounts: readonly number[];
  /** The amount taken from each pool by pool index, 0 for the pools not drawn on. */
  readonly byPool: Float64Array;
}
