import type { Admission, AdmissionHost } from "./admission.js";
import type { Pools } from "./pools.js";
import type { Schedulable } from "./scheduler.js";
import { WaitingLine } from "./waiting-line.js";

/**
 * The admission of the calls of a tool that draws on an executor's pools: what each call takes, and the lines its calls
 * wait in. One per tool (and one more per run whose `policies` change the tool's `uses`); every decision is its
 * Pools', which sees all demands at once.
 */
export class PoolDemand implements Admission {
  /** `pools:cpu=1,memory_mb=512`: what a call held here waits for. */
  readonly name: string;
  /** The pools drawn on, by their index in the Pools… */
  readonly poolIndices: readonly number[];
  /** …and the amount taken from each, in the same order. */
  readonly amounts: readonly number[];
  /** The amount taken from each pool by pool index, 0 for the pools not drawn on. */
  readonly byPool: Float64Array;
  readonly #pools: Pools;
  /** Calls with this demand that wait for room, by run priority. */
  readonly #lines = new Map<number, WaitingLine>();

  constructor(pools: Pools, poolIndices: readonly number[], amounts: readonly number[]) {
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
