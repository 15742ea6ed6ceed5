import type { ResourceMode } from "../tool/resources.js";
import type { Schedulable } from "./admission.js";

/**
 * One resource key of a lock table: who holds it now, and the line of calls that want it, readers and writers apart,
 * each in plan order (`sequence`). A call in line blocks every later call it conflicts with, whether or not it could
 * start itself: that is what keeps two writes in plan order and a writer from being starved by later readers.
 */
export class KeyLine {
  /** Calls holding the key in read mode. */
  readers = 0;
  /** Whether a call holds the key in write mode (then `readers` is 0). */
  isWritten = false;
  /** How many calls in this line the lock table is holding (the others wait in the ready heap or elsewhere). */
  parked = 0;
  readonly readersInLine: Schedulable[] = [];
  readonly writersInLine: Schedulable[] = [];

  /** Whether a call with this `sequence` may take the key in `mode` now: no holder and no earlier call in line conflicts. */
  admits(mode: ResourceMode, sequence: number): boolean {
    if (this.isWritten) return false;
    if (firstSequence(this.writersInLine) < sequence) return false;
    return mode === "read" || (this.readers === 0 && firstSequence(this.readersInLine) >= sequence);
  }

  /** Nobody holds the key and nobody waits for it: the table may drop it. */
  get isUnused(): boolean {
    return (
      !this.isWritten && this.readers === 0 && this.readersInLine.length + this.writersInLine.length === 0
    );
  }

  join(item: Schedulable, mode: ResourceMode): void {
    insertBySequence(mode === "read" ? this.readersInLine : this.writersInLine, item);
  }

  leave(item: Schedulable, mode: ResourceMode): void {
    removeBySequence(mode === "read" ? this.readersInLine : this.writersInLine, item);
  }

  take(mode: ResourceMode): void {
    if (mode === "read") this.readers++;
    else this.isWritten = true;
  }

  give(mode: ResourceMode): void {
    if (mode === "read") this.readers--;
    else this.isWritten = false;
  }

  /**
   * Calls `visit` for each call in line that this key alone no longer blocks, in plan order: the readers ahead of the
   * first writer, then that writer if nobody holds the key and no reader is ahead of it. Stops early once it has seen
   * as many calls as are parked, since only parked calls need waking.
   */
  forEachUnblocked(isParked: (item: Schedulable) => boolean, visit: (item: Schedulable) => void): void {
    if (this.isWritten || this.parked === 0) return;
    let parkedLeft = this.parked;
    const writer = this.writersInLine[0];
    const writerSequence = writer?.sequence ?? Number.POSITIVE_INFINITY;
    for (const reader of this.readersInLine) {
      if (reader.sequence > writerSequence) break;
      if (!isParked(reader)) continue;
      visit(reader);
      if (--parkedLeft === 0) return;
    }
    if (writer !== undefined && this.readers === 0 && firstSequence(this.readersInLine) > writerSequence) {
      if (isParked(writer)) visit(writer);
    }
  }
}

function firstSequence(line: readonly Schedulable[]): number {
  return line[0]?.sequence ?? Number.POSITIVE_INFINITY;
}

/** Calls mostly join in plan order, so the search starts from the end. */
function insertBySequence(line: Schedulable[], item: Schedulable): void {
  let position = line.length;
  while (position > 0 && (line[position - 1] as Schedulable).sequence > item.sequence) position--;
  line.splice(position, 0, item);
}

function removeBySequence(line: Schedulable[], item: Schedulable): void {
  let low = 0;
  let high = line.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((line[middle] as Schedulable).sequence < item.sequence) low = middle + 1;
    else high = middle;
  }
  if (line[low] === item) line.splice(low, 1);
}
