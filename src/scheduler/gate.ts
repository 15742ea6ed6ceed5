import { type HeapItem, ReadyHeap } from "./ready-heap.js";

/**
 * A concurrency limit that calls pass through (a run's limit, a tool's limit). A call that finds a gate full waits in
 * that gate's own heap, so it never blocks calls behind it that need other gates (no head-of-line blocking); when the
 * gate frees a slot, its best waiting call goes back to the ready heap.
 */
export class Gate<Item extends HeapItem> {
  readonly name: string;
  readonly limit: number;
  active = 0;
  readonly waiting = new ReadyHeap<Item>();

  constructor(name: string, limit: number) {
    this.name = name;
    this.limit = limit;
  }

  get isFull(): boolean {
    return this.active >= this.limit;
  }
}
