import type { Admission, AdmissionHost, Schedulable } from "./admission.js";
import type { PoolAmounts } from "./pool-amounts.js";
import { WaitingLine } from "./waiting-line.js";

/**
 * What a PoolDemand asks of the Pools it belongs to, which take every decision since they see all demands at once.
 * Declared here and implemented by Pools, so that this file need not import pools.ts, which creates the demands.
 */
export interface PoolArbiter {
  /** The pools' names, by pool index. */
  readonly names: readonly string[];
  /** The name of the first pool of `demand` without room for it now; its first pool when all have room. */
  shortOf(demand: PoolDemand): string;
  admits(demand: PoolDemand, item: Schedulable, host: AdmissionHost): boolean;
  hold(demand: PoolDemand, item: Schedulable, host: AdmissionHost): void;
  acquire(demand: PoolDemand, item: Schedulable, host: AdmissionHost): void;
  release(item: Schedulable, host: AdmissionHost): void;
  forget(item: Schedulable): void;
  heldElsewhere(item: Schedulable, host: AdmissionHost): void;
}

/**
 * The admission of the calls of a tool that draws on an executor's pools: what each call takes, and the lines its calls
 * wait in. One per tool (and one more per run whose `policies` change the tool's `uses`); every decision is its
 * Pools', which sees all demands at once.
 */
export class PoolDemand implements Admission, PoolAmounts {
  /** `pools:cpu=1,memory_mb=512`: what a call held here waits for. */
  readonly name: string;
  /** The pools drawn on, by their index in the Pools… */
  readonly poolIndices: readonly number[];
  /** …and the amount taken from each, in the same order. */
  readonly amounts: readonly number[];
  /** The amount taken from each pool by pool index, 0 for the pools not drawn on. */
  readonly byPool: Float64Array;
  readonly #pools: PoolArbiter;
  /** Calls with this demand that wait for room, by run priority. */
  readonly #lines = new Map<number, WaitingLine>();

  constructor(pools: PoolArbiter, poolIndices: readonly number[], amounts: readonly number[]) {
    this.#pools = pools;
    this.poolIndices = poolIndices;
    this.amounts = amounts;
    this.byPool = new Float64Array(pools.names.length);
    poolIndices.forEach((pool, position) => {
      this.byPool[pool] = amounts[position] as number;
    });
    this.name = `pools:${poolIndices.map((pool, position) => `${pools.names[pool]}=${amounts[position]}`).join(",")}`;
  }

  /** The line where a call of this demand waits. */
  lineFor(item: Schedulable): WaitingLine {
    const priority = item.lane?.priority ?? 0;
    let line = this.#lines.get(priority);
    if (line === undefined) {
      line = new WaitingLine(this, priority);
      this.#lines.set(priority, line);
    }
    return line;
  }

  /** `pool:<name>`: the first of its pools without room for it, or its first pool when room there is promised. */
  waitCause(): string {
    return `pool:${this.#pools.shortOf(this)}`;
  }

  admits(item: Schedulable, host: AdmissionHost): boolean {
    return this.#pools.admits(this, item, host);
  }

  hold(item: Schedulable, host: AdmissionHost): void {
    this.#pools.hold(this, item, host);
  }

  acquire(item: Schedulable, host: AdmissionHost): void {
    this.#pools.acquire(this, item, host);
  }

  release(item: Schedulable, host: AdmissionHost): void {
    this.#pools.release(item, host);
  }

  forget(item: Schedulable): void {
    this.#pools.forget(item);
  }

  heldElsewhere(item: Schedulable, host: AdmissionHost): void {
    this.#pools.heldElsewhere(item, host);
  }

  /** Puts `demand` in place of the pool demand among `admissions` (a run's `uses` for a tool), last; none removes it. */
  static replaceIn(admissions: Admission[], demand: PoolDemand | undefined): void {
    const index = admissions.findIndex((admission) => admission instanceof PoolDemand);
    if (index >= 0) admissions.splice(index, 1);
    if (demand !== undefined) admissions.push(demand);
  }
}
