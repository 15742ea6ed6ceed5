import { hasMarker, WeftError } from "./weft-error.js";

const marker = Symbol.for("weft.error.QueueFullError");

/**
 * An executor refused calls because it already holds `maxQueued` calls that have not ended: back-pressure, so that a
 * busy service answers "try later" instead of growing its memory without limit. Nothing of the refused calls ran.
 */
export class QueueFullError extends WeftError {
  readonly [marker] = true;
  /** The executor's `maxQueued`. */
  readonly maxQueued: number;
  /** Calls admitted into runs and not ended when these were refused. */
  readonly queued: number;
  /** Calls asked for. */
  readonly requested: number;

  constructor(options: { maxQueued: number; queued: number; requested: number }) {
    const room = Math.max(0, options.maxQueued - options.queued);
    super(
      "QUEUE_FULL",
      `The executor's queue is full: ${options.requested} more call${options.requested === 1 ? "" : "s"} asked for, ` +
        `${options.queued} queued, at most ${options.maxQueued} (maxQueued), room for ${room}`,
    );
    this.name = "QueueFullError";
    this.maxQueued = options.maxQueued;
    this.queued = options.queued;
    this.requested = options.requested;
  }

  static override isInstance(error: unknown): error is QueueFullError {
    return hasMarker(error, marker);
  }
}
