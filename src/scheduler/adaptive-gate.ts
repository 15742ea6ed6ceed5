import {
  AdaptiveLimit,
  type AdaptiveLimitSettings,
  type LimitChange,
  type SampleKind,
} from "./adaptive-limit.js";
import type { Admission, AdmissionHost, Schedulable } from "./admission.js";
import type { AttemptOutcome } from "./attempt-outcome.js";
import { isOverloadError } from "./is-overload-error.js";
import { ReadyHeap } from "./ready-heap.js";

/** What an adaptive gate asks of the one who made it. */
export interface AdaptiveGateHooks {
  /** Whether an error a call of this gate threw means overload, besides a RateLimitedError or a timeout. */
  isOverload?(item: Schedulable, error: unknown): boolean;
  /** The limit moved because of `item`'s outcome. */
  onChange?(item: Schedulable, change: LimitChange): void;
}

/** An adaptive limit as `executor.limits()` shows it. */
export interface AdaptiveLimitSnapshot {
  /** The most calls that may run at once now. */
  limit: number;
  min: number;
  max: number;
  /** Calls holding a slot now; more than `limit` for a while after a cut. */
  running: number;
  /** Calls waiting for a slot of this limit. */
  waiting: number;
  /** The latency the limit compares with, in ms; NaN until the first window of calls has ended. */
  baselineMs: number;
}

/**
 * A concurrency limit that moves (see AdaptiveLimit): one per tool with `concurrency: "adaptive"`, or per key that
 * several tools share. Like Gate, it holds the calls it refuses in its own heap; it times each call from `acquire` to
 * `release` and learns from the outcome, and when the limit grows it hands back as many held calls as now fit.
 */
export class AdaptiveGate implements Admission {
  readonly name: string;
  readonly key: string;
  readonly limiter: AdaptiveLimit;
  readonly waiting = new ReadyHeap<Schedulable>();
  readonly #startedAt = new Map<Schedulable, number>();
  readonly #hooks: AdaptiveGateHooks;

  constructor(key: string, settings: AdaptiveLimitSettings, hooks: AdaptiveGateHooks = {}) {
    this.key = key;
    this.name = `adaptive:${key}`;
    this.limiter = new AdaptiveLimit(settings);
    this.#hooks = hooks;
  }

  get limit(): number {
    return this.limiter.limit;
  }

  waitCause(): string {
    return "tool-limit";
  }

  admits(): boolean {
    return this.limiter.hasRoom;
  }

  hold(item: Schedulable): void {
    this.waiting.push(item);
  }

  acquire(item: Schedulable, host: AdmissionHost): void {
    this.#startedAt.set(item, host.now());
    this.limiter.started();
  }

  release(item: Schedulable, host: AdmissionHost, outcome?: AttemptOutcome): void {
    const startedAt = this.#startedAt.get(item) ?? host.now();
    this.#startedAt.delete(item);
    const change = this.limiter.ended(startedAt, host.now(), this.#kindOf(item, outcome));
    if (change !== undefined) this.#hooks.onChange?.(item, change);
    // Hand back what fits. A call handed back that another admission then refuses is asked again later: the count
    // here only saves work, the limit itself is kept by `admits`.
    for (let room = this.limiter.limit - this.limiter.inFlight; room > 0; room--) {
      const next = this.waiting.pop();
      if (next === undefined) break;
      host.requeue(next);
    }
  }

  /** The limit's state now. */
  snapshot(): AdaptiveLimitSnapshot {
    const { min, max } = this.limiter.settings;
    return {
      limit: this.limiter.limit,
      min,
      max,
      running: this.limiter.inFlight,
      waiting: this.waiting.size,
      baselineMs: this.limiter.baselineMs,
    };
  }

  #kindOf(item: Schedulable, outcome: AttemptOutcome | undefined): SampleKind {
    if (outcome === undefined) return "ignored";
    const error = outcome.error;
    if (error === undefined) return "succeeded";
    if (isOverloadError(error)) return "overloaded";
    try {
      return this.#hooks.isOverload?.(item, error) === true ? "overloaded" : "ignored";
    } catch (thrown) {
      // A bug in a tool's predicate must not take the scheduler down: surface it and count the call as no sample.
      queueMicrotask(() => {
        throw thrown;
      });
      return "ignored";
    }
  }
}
