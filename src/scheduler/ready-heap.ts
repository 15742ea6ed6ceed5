/** What the ready heap orders: higher rank first, then lower sequence (ties keep the order of arrival). */
export interface HeapItem {
  rank: number;
  readonly sequence: number;
  /** Changes whenever the item enters or leaves a heap; an entry holding an older ticket is stale. */
  heapTicket: number;
  /** The heap the item waits in, if any. */
  queuedIn: ReadyHeap<HeapItem> | undefined;
}

/**
 * The room a heap makes on its first push. Until then it holds no memory of its own: most heaps (one per run, per
 * gate) never see a call wait, and a one-call run should not pay for three arrays.
 */
const firstCapacity = 16;
const noKeys = new Float64Array(0);

/**
 * A binary max-heap on rank. Keys live in typed arrays beside the items, so sifting compares numbers in contiguous
 * memory instead of chasing a pointer per comparison: with hundreds of thousands of ready calls that is most of the
 * cost. Removal and re-ranking are lazy: the item's ticket changes, its old entry goes stale and is dropped when it
 * reaches the top.
 */
export class ReadyHeap<Item extends HeapItem> {
  #items: (Item | undefined)[] = [];
  #ranks = noKeys;
  #sequences = noKeys;
  #tickets = noKeys;
  #length = 0;
  #live = 0;

  /** Items waiting here (stale entries not counted). */
  get size(): number {
    return this.#live;
  }

  push(item: Item): void {
    if (item.queuedIn !== undefined) (item.queuedIn as ReadyHeap<Item>).#live--;
    item.heapTicket++;
    item.queuedIn = this as ReadyHeap<HeapItem>;
    this.#live++;
    this.#insert(item);
  }

  pop(): Item | undefined {
    while (this.#length > 0) {
      const item = this.#items[0] as Item;
      const ticket = this.#tickets[0] as number;
      this.#removeTop();
      if (ticket === item.heapTicket && item.queuedIn === this) {
        item.heapTicket++;
        item.queuedIn = undefined;
        this.#live--;
        return item;
      }
    }
    return undefined;
  }

  /** The item `pop` would return, left in place. Stale entries on top are dropped on the way. */
  peek(): Item | undefined {
    while (this.#length > 0) {
      const item = this.#items[0] as Item;
      if (this.#tickets[0] === item.heapTicket && item.queuedIn === this) return item;
      this.#removeTop();
    }
    return undefined;
  }

  /** Takes an item out of whichever heap holds it. Returns false if it was in none. */
  static remove(item: HeapItem): boolean {
    const heap = item.queuedIn;
    if (heap === undefined) return false;
    heap.#live--;
    item.heapTicket++;
    item.queuedIn = undefined;
    heap.#compactIfStale();
    return true;
  }

  /** Moves an item whose rank grew to its new place, in whichever heap holds it. */
  static rankIncreased(item: HeapItem): void {
    const heap = item.queuedIn;
    if (heap === undefined) return;
    item.heapTicket++;
    heap.#insert(item);
  }

  #insert(item: Item): void {
    if (this.#length === this.#ranks.length) this.#grow();
    const ranks = this.#ranks;
    const sequences = this.#sequences;
    const tickets = this.#tickets;
    const items = this.#items;
    const rank = item.rank;
    const sequence = item.sequence;
    let position = this.#length++;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      const parentRank = ranks[parent] as number;
      if (parentRank > rank || (parentRank === rank && (sequences[parent] as number) <= sequence)) break;
      ranks[position] = parentRank;
      sequences[position] = sequences[parent] as number;
      tickets[position] = tickets[parent] as number;
      items[position] = items[parent];
      position = parent;
    }
    ranks[position] = rank;
    sequences[position] = sequence;
    tickets[position] = item.heapTicket;
    items[position] = item;
  }

  #removeTop(): void {
    const last = --this.#length;
    const ranks = this.#ranks;
    const sequences = this.#sequences;
    const tickets = this.#tickets;
    const items = this.#items;
    const rank = ranks[last] as number;
    const sequence = sequences[last] as number;
    const ticket = tickets[last] as number;
    const item = items[last];
    items[last] = undefined;
    if (last === 0) return;
    let position = 0;
    for (;;) {
      let child = 2 * position + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && isBefore(ranks, sequences, right, child)) child = right;
      const childRank = ranks[child] as number;
      if (childRank > rank || (childRank === rank && (sequences[child] as number) < sequence)) {
        ranks[position] = childRank;
        sequences[position] = sequences[child] as number;
        tickets[position] = tickets[child] as number;
        items[position] = items[child];
        position = child;
      } else {
        break;
      }
    }
    ranks[position] = rank;
    sequences[position] = sequence;
    tickets[position] = ticket;
    items[position] = item;
  }

  /** Drops stale entries once they outnumber live ones, so a cancelled run's calls are not kept alive. */
  #compactIfStale(): void {
    const stale = this.#length - this.#live;
    if (stale < 1024 || stale < this.#live) return;
    const live: Item[] = [];
    for (let index = 0; index < this.#length; index++) {
      const item = this.#items[index] as Item;
      if (this.#tickets[index] === item.heapTicket && item.queuedIn === this) live.push(item);
    }
    this.#items = [];
    this.#length = 0;
    for (const item of live) this.#insert(item);
  }

  #grow(): void {
    const capacity = Math.max(firstCapacity, this.#ranks.length * 2);
    const grow = (from: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const to = new Float64Array(capacity);
      to.set(from);
      return to;
    };
    this.#ranks = grow(this.#ranks);
    this.#sequences = grow(this.#sequences);
    this.#tickets = grow(this.#tickets);
  }
}

function isBefore(ranks: Float64Array, sequences: Float64Array, a: number, b: number): boolean {
  const rankA = ranks[a] as number;
  const rankB = ranks[b] as number;
  return rankA > rankB || (rankA === rankB && (sequences[a] as number) < (sequences[b] as number));
}
