import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HeapItem, ReadyHeap } from "../src/scheduler/ready-heap.js";

interface Item extends HeapItem {
  rank: number;
  sequence: number;
}

describe("ready heap (property-based)", () => {
  it("pops by rank, then arrival, whatever was pushed, removed or re-ranked", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 30 })), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (ranks, raises, removals) => {
          const heap = new ReadyHeap<Item>();
          const items = ranks.map(
            (rank, sequence): Item => ({ rank, sequence, heapTicket: 0, queuedIn: undefined }),
          );
          for (const item of items) heap.push(item);
          for (const [pick, amount] of raises) {
            const item = items[pick % items.length] as Item;
            item.rank += amount;
            ReadyHeap.rankIncreased(item);
          }
          const removed = new Set<Item>();
          for (const pick of removals) {
            const item = items[pick % items.length] as Item;
            expect(ReadyHeap.remove(item)).toBe(!removed.has(item));
            removed.add(item);
          }
          const expected = items
            .filter((item) => !removed.has(item))
            .sort((a, b) => b.rank - a.rank || a.sequence - b.sequence);
          const popped: Item[] = [];
          expect(heap.size).toBe(expected.length);
          for (let item = heap.pop(); item !== undefined; item = heap.pop()) popped.push(item);
          expect(popped).toEqual(expected);
          expect(heap.size).toBe(0);
        },
      ),
    );
  });
});
