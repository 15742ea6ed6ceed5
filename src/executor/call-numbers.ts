const slotsPerCall = 7;

/** Where each number sits within a call's slots. */
export const Slot = {
  QueuedAt: 0,
  StartedAt: 1,
  EndedAt: 2,
  Duration: 3,
  Rank: 4,
  Estimate: 5,
  /** When the latest attempt started. */
  AttemptStartedAt: 6,
} as const;
export type Slot = (typeof Slot)[keyof typeof Slot];

/**
 * The numbers a run keeps per call (times, rank, estimate), packed in one Float64Array by call index. As fields they
 * would each be a boxed heap number: six allocations per call that the garbage collector must then move and scan.
 */
export class CallNumbers {
  values: Float64Array<ArrayBuffer> = new Float64Array(0);
  #count = 0;

  /** Makes room for calls up to `count`, each new one starting with no times, a zero duration, rank and estimate. */
  ensure(count: number): void {
    if (count * slotsPerCall > this.values.length) {
      const grown = new Float64Array(Math.max(count, (this.values.length / slotsPerCall) * 2) * slotsPerCall);
      grown.set(this.values);
      this.values = grown;
    }
    for (let index = this.#count; index < count; index++) {
      const base = index * slotsPerCall;
      this.values[base + Slot.QueuedAt] = -1;
      this.values[base + Slot.StartedAt] = -1;
      this.values[base + Slot.EndedAt] = -1;
    }
    if (count > this.#count) this.#count = count;
  }

  get(index: number, slot: Slot): number {
    return this.values[index * slotsPerCall + slot] as number;
  }

  set(index: number, slot: Slot, value: number): void {
    this.values[index * slotsPerCall + slot] = value;
  }
}
