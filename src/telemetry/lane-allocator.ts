/**
 * Hands out lane numbers (1, 2, 3…) so that no two spans open at the same time share one: the lowest free lane
 * first, which keeps the picture compact. Lane 0 is left for the run itself.
 */
export class LaneAllocator {
  readonly #free: number[] = [];
  #highest = 0;

  /** The largest lane number handed out so far. */
  get highest(): number {
    return this.#highest;
  }

  acquire(): number {
    if (this.#free.length === 0) return ++this.#highest;
    let lowestAt = 0;
    for (let index = 1; index < this.#free.length; index++) {
      if ((this.#free[index] as number) < (this.#free[lowestAt] as number)) lowestAt = index;
    }
    const lane = this.#free[lowestAt] as number;
    this.#free[lowestAt] = this.#free[this.#free.length - 1] as number;
    this.#free.pop();
    return lane;
  }

  release(lane: number): void {
    this.#free.push(lane);
  }
}
