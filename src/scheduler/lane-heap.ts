import { type Lane, laneOrder } from "./lane.js";

/**
 * The lanes that have ready calls, in a binary heap on the order in which their best calls start (see FairQueue).
 * Each lane knows its position, so that one whose key changed moves in O(log lanes) without a search.
 */
export class LaneHeap {
  readonly #lanes: Lane[] = [];

  /** The lane whose best call starts next. */
  get top(): Lane | undefined {
    return this.#lanes[0];
  }

  /** Empties the heap, leaving every lane outside it. */
  clear(): void {
    for (const lane of this.#lanes) lane.position = -1;
    this.#lanes.length = 0;
  }

  /** Puts a lane where it belongs now: in the heap if it has ready calls, in order of its current key. */
  update(lane: Lane): void {
    const hasReady = lane.refreshTop();
    if (lane.position < 0) {
      if (!hasReady) return;
      lane.position = this.#lanes.length;
      this.#lanes.push(lane);
      this.#siftUp(lane.position);
    } else if (!hasReady) {
      this.remove(lane);
    } else {
      this.#fix(lane.position);
    }
  }

  /** Moves a lane whose best call got better (the key only improved). */
  improved(lane: Lane): void {
    this.#siftUp(lane.position);
  }

  remove(lane: Lane): void {
    const lanes = this.#lanes;
    const position = lane.position;
    lane.position = -1;
    const last = lanes.pop() as Lane;
    if (position === lanes.length) return;
    lanes[position] = last;
    last.position = position;
    this.#fix(position);
  }

  #fix(position: number): void {
    if (this.#siftUp(position) === position) this.#siftDown(position);
  }

  /** Returns the lane's new position. */
  #siftUp(position: number): number {
    const lanes = this.#lanes;
    const lane = lanes[position] as Lane;
    while (position > 0) {
      const parentPosition = (position - 1) >> 1;
      const parent = lanes[parentPosition] as Lane;
      if (!goesFirst(lane, parent)) break;
      lanes[position] = parent;
      parent.position = position;
      position = parentPosition;
    }
    lanes[position] = lane;
    lane.position = position;
    return position;
  }

  #siftDown(position: number): void {
    const lanes = this.#lanes;
    const lane = lanes[position] as Lane;
    for (;;) {
      let childPosition = 2 * position + 1;
      if (childPosition >= lanes.length) break;
      const right = lanes[childPosition + 1];
      if (right !== undefined && goesFirst(right, lanes[childPosition] as Lane)) childPosition++;
      const child = lanes[childPosition] as Lane;
      if (!goesFirst(child, lane)) break;
      lanes[position] = child;
      child.position = position;
      position = childPosition;
    }
    lanes[position] = lane;
    lane.position = position;
  }
}

/** Whether lane `a`'s best call starts before lane `b`'s. */
function goesFirst(a: Lane, b: Lane): boolean {
  const order = laneOrder(a, b);
  if (order !== 0) return order < 0;
  if (a.topRank !== b.topRank) return a.topRank > b.topRank;
  return a.topSequence < b.topSequence;
}
