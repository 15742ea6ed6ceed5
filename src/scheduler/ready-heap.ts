/** What the ready heap orders: higher rank first, then lower plan index (ties keep plan order). */
export interface HeapItem {
  rank: number;
  readonly sequence: number;
  /** The item's position in whichever heap holds it, or -1 when in none. Maintained by the heap. */
  heapPosition: number;
}

/**
 * A binary max-heap on rank with O(log n) push, pop, remove and re-rank. Each item stores its own position, so that
 * a cancelled call leaves the heap, or a call whose rank grew moves up, without a search.
 */
export class ReadyHeap<Item extends HeapItem> {
  readonly #items: Item[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): Item | undefined {
    return this.#items[0];
  }

  push(item: Item): void {
    item.heapPosition = this.#items.length;
    this.#items.push(item);
    this.#siftUp(item.heapPosition);
  }

  pop(): Item | undefined {
    const items = this.#items;
    const top = items[0];
    if (top === undefined) return undefined;
    const last = items.pop() as Item;
    if (last !== top) {
      items[0] = last;
      last.heapPosition = 0;
      this.#siftDown(0);
    }
    top.heapPosition = -1;
    return top;
  }

  /** Removes an item from anywhere in the heap. Returns false if it was not here. */
  remove(item: Item): boolean {
    const position = item.heapPosition;
    if (position < 0 || this.#items[position] !== item) return false;
    const last = this.#items.pop() as Item;
    item.heapPosition = -1;
    if (last !== item) {
      this.#items[position] = last;
      last.heapPosition = position;
      this.#siftUp(position);
      this.#siftDown(last.heapPosition);
    }
    return true;
  }

  /** Restores order after an item's rank grew. */
  rankIncreased(item: Item): void {
    if (item.heapPosition >= 0 && this.#items[item.heapPosition] === item) this.#siftUp(item.heapPosition);
  }

  /** Visits every item, in no particular order. */
  forEach(visit: (item: Item) => void): void {
    for (const item of this.#items) visit(item);
  }

  #siftUp(start: number): void {
    const items = this.#items;
    const item = items[start] as Item;
    let position = start;
    while (position > 0) {
      const parentPosition = (position - 1) >> 1;
      const parent = items[parentPosition] as Item;
      if (!isBefore(item, parent)) break;
      items[position] = parent;
      parent.heapPosition = position;
      position = parentPosition;
    }
    items[position] = item;
    item.heapPosition = position;
  }

  #siftDown(start: number): void {
    const items = this.#items;
    const length = items.length;
    const item = items[start] as Item;
    let position = start;
    for (;;) {
      let child = 2 * position + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && isBefore(items[right] as Item, items[child] as Item)) child = right;
      const childItem = items[child] as Item;
      if (!isBefore(childItem, item)) break;
      items[position] = childItem;
      childItem.heapPosition = position;
      position = child;
    }
    items[position] = item;
    item.heapPosition = position;
  }
}

function isBefore(a: HeapItem, b: HeapItem): boolean {
  return a.rank > b.rank || (a.rank === b.rank && a.sequence < b.sequence);
}
