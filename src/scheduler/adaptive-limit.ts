/** Why an adaptive limit moved: latency stayed flat at the limit, latency rose past the tolerance, or overload. */
export type LimitChangeReason = "latency-flat" | "latency-inflated" | "overload";

/** One move of an adaptive limit. */
export interface LimitChange {
  readonly limit: number;
  readonly previous: number;
  readonly reason: LimitChangeReason;
  /** The median latency of the window that decided, in ms; for an overload, the latency of the call that reported it. */
  readonly latencyMs: number;
  /**
   * The latency it was compared with, in ms: the lowest window median of the recent windows, allowing for their noise
   * (NaN before the first window).
   */
  readonly baselineMs: number;
}

/** How a call that held a slot of the limit ended, as the limit learns from it. */
export type SampleKind = "succeeded" | "overloaded" | "ignored";

/** The bounds and sensitivity of an adaptive limit; every field already checked. */
export interface AdaptiveLimitSettings {
  readonly min: number;
  readonly max: number;
  readonly initial: number;
  /** How far a window's median latency may rise above the baseline, as a ratio (> 1), before the limit is cut. */
  readonly tolerance: number;
}

/** Samples a window needs at least, so that one slow call cannot decide alone. */
const minimumWindowSamples = 8;
/** Windows whose medians the baseline is the lowest of: long enough to span a few cycles of the sawtooth. */
const baselineWindows = 20;
/**
 * How many standard errors the lowest of k noisy medians falls, on average, below their mean, for k = 1…20: the
 * expected maximum of k standard normal variates.
 */
const lowestMedianBias = [
  0, 0.564, 0.846, 1.029, 1.163, 1.267, 1.352, 1.424, 1.485, 1.539, 1.586, 1.629, 1.668, 1.703, 1.736, 1.766,
  1.794, 1.82, 1.844, 1.867,
];
/**
 * The largest relative standard error the baseline allows for: a window of a stalled machine or of a tool whose latency
 * varies wildly raises the baseline by 28% at most.
 */
const largestNoise = 0.15;
/** The weight of each new window in the smoothed noise of a median. */
const noiseSmoothing = 0.2;
/**
 * The cut on inflated latency: to `latencyCut ÷ tolerance` of the limit (73% at the default tolerance of 1.3), at most
 * to 80%. The cut undoes more than the rise the tolerance lets through, so past the knee, where latency grows at least
 * in proportion to the calls in flight, each cycle of the sawtooth starts lower than the last until it starts below
 * the knee: a limit that began too high still finds it.
 */
const latencyCut = 0.95;
const largestLatencyBackoff = 0.8;
/** The cut on overload (a RateLimitedError, a timeout, an error the tool calls overload): as TCP halves on loss. */
const overloadBackoff = 0.5;

/**
 * An AIMD concurrency limit driven by latency, with TCP's slow start. Time is passed in, never read, so the
 * algorithm runs the same against a fake clock.
 *
 * Calls are sampled in windows of at least `limit` calls (one round trip) and 8. At the end of a window its median
 * latency is compared with the baseline:
 * - above `tolerance` × baseline in two windows running (or above tolerance² in one): latency inflates, the service is
 *   past its best concurrency; the limit is cut to 0.95 ÷ tolerance of itself (73% by default). One window a little
 *   over is held at its limit: it may be a stalled machine rather than the service;
 * - otherwise, if the window filled the limit: the limit grows by one; during slow start it doubles instead, until the
 *   first cut or until latency rises halfway to the tolerance (TCP's HyStart);
 * - otherwise the workload did not fill the limit and says nothing about a higher one: the limit stays.
 *
 * The baseline is the lowest median of the last 20 windows, raised by the amount the lowest of that many noisy medians
 * falls below their mean (from the spread of latencies within windows; at most +28%). The lowest recent median comes
 * from the floor of the sawtooth, and each cut lands below the knee (a cut undoes more than the tolerance lets latency
 * rise), so the baseline is measured afresh every cycle: it follows the service when it gets slower or faster, it
 * never drifts up with the latency the limit itself causes, and a stalled machine that slows a few windows does not
 * raise it. The correction keeps a tool whose latency varies a lot from call to call from reading its noise as
 * inflation.
 *
 * An overload cuts the limit to half at once. Samples of calls that started before the last change are dropped, and
 * overloads from calls that started before the last cut ignored: they tell of a limit no longer in force, and
 * reacting to each would cut many times for one event.
 *
 * Why AIMD on a latency threshold rather than Gradient2 (limit × long-term ÷ short-term RTT, Netflix's
 * concurrency-limits): Gradient2's long-term average follows the latency the limit causes, so under sustained load its
 * reference drifts up and the limit creeps past the knee; and a gradient cut lands where latency would be at the
 * tolerance, never below the knee, so it cannot re-measure the uncongested latency. A fixed cut deeper than the
 * tolerance can, and AIMD's sawtooth keeps probing for a knee that moves.
 */
export class AdaptiveLimit {
  readonly settings: AdaptiveLimitSettings;
  #limit: number;
  #inFlight = 0;
  #isSlowStart = true;
  /** The window's latencies; cleared when it ends. */
  readonly #window: number[] = [];
  #isSaturated = false;
  #changedAt = Number.NEGATIVE_INFINITY;
  #cutAt = Number.NEGATIVE_INFINITY;
  readonly #recentMedians: number[] = [];
  #nextMedian = 0;
  /** The relative standard error of a window's median, smoothed over windows; NaN before the first. */
  #noise = Number.NaN;
  #baseline = Number.NaN;
  /** The last window's median was over the tolerance, and no cut followed yet. */
  #wasInflated = false;

  constructor(settings: AdaptiveLimitSettings) {
    this.settings = settings;
    this.#limit = settings.initial;
  }

  /** The most calls that may hold a slot now. */
  get limit(): number {
    return this.#limit;
  }

  /** Calls holding a slot now. It may exceed the limit for a while after a cut. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The latency the windows are compared with, in ms; NaN before the first window ends. */
  get baselineMs(): number {
    return this.#baseline;
  }

  get hasRoom(): boolean {
    return this.#inFlight < this.#limit;
  }

  /** A call took a slot. */
  started(): void {
    if (++this.#inFlight >= this.#limit) this.#isSaturated = true;
  }

  /**
   * A call that took a slot at `startedAt` gave it back at `now` (ms on any one clock). Returns the change it caused,
   * if any.
   */
  ended(startedAt: number, now: number, kind: SampleKind): LimitChange | undefined {
    this.#inFlight--;
    if (kind === "overloaded") {
      if (startedAt < this.#cutAt) return undefined;
      return this.#change(this.#limit * overloadBackoff, "overload", now, now - startedAt);
    }
    if (kind === "ignored" || startedAt < this.#changedAt) return undefined;
    const window = this.#window;
    window.push(now - startedAt);
    if (window.length < Math.max(this.#limit, minimumWindowSamples)) return undefined;
    window.sort((left, right) => left - right);
    const median = quantile(window, 0.5);
    this.#learnNoise(window, median);
    const wasSaturated = this.#isSaturated;
    window.length = 0;
    this.#isSaturated = this.#inFlight >= this.#limit;
    const baseline = this.#remember(median);
    const tolerance = this.settings.tolerance;
    const wasInflated = this.#wasInflated;
    this.#wasInflated = median > baseline * tolerance;
    // One window a little over the tolerance may be a stalled machine, not the service: a second one confirms it.
    if (median > baseline * tolerance * tolerance || (this.#wasInflated && wasInflated)) {
      const backoff = Math.min(largestLatencyBackoff, latencyCut / this.settings.tolerance);
      return this.#change(this.#limit * backoff, "latency-inflated", now, median);
    }
    // As TCP's HyStart: latency rising halfway to the tolerance ends slow start before it overshoots.
    if (this.#isSlowStart && median > baseline * Math.sqrt(tolerance)) this.#isSlowStart = false;
    if (!wasSaturated || this.#wasInflated) return undefined;
    const grown = this.#isSlowStart ? this.#limit * 2 : this.#limit + 1;
    return this.#change(grown, "latency-flat", now, median);
  }

  #change(
    target: number,
    reason: LimitChangeReason,
    now: number,
    latencyMs: number,
  ): LimitChange | undefined {
    const { min, max } = this.settings;
    const previous = this.#limit;
    const isCut = reason !== "latency-flat";
    // A cut always takes at least one off, so that a limit of 2 or 3 can still come down.
    const wanted = isCut ? Math.min(Math.floor(target), previous - 1) : Math.floor(target);
    const limit = Math.min(max, Math.max(min, wanted));
    if (isCut) {
      this.#isSlowStart = false;
      this.#cutAt = now;
      this.#wasInflated = false;
    }
    if (limit === previous) return undefined;
    this.#limit = limit;
    this.#changedAt = now;
    this.#window.length = 0;
    this.#isSaturated = this.#inFlight >= limit;
    return { limit, previous, reason, latencyMs, baselineMs: this.#baseline };
  }

  /**
   * Adds a window's median to the recent ones and returns the new baseline: the lowest of them, raised by the amount
   * the lowest of 20 noisy medians falls below their typical value, so that noisy latencies do not read as inflation.
   */
  #remember(median: number): number {
    const medians = this.#recentMedians;
    if (medians.length < baselineWindows) medians.push(median);
    else medians[this.#nextMedian] = median;
    this.#nextMedian = (this.#nextMedian + 1) % baselineWindows;
    let lowest = Number.POSITIVE_INFINITY;
    for (const value of medians) if (value < lowest) lowest = value;
    const bias = lowestMedianBias[medians.length - 1] as number;
    this.#baseline = lowest * (1 + bias * Math.min(this.#noise, largestNoise));
    return this.#baseline;
  }

  /** Learns how noisy a window's median is, from the spread of the latencies of a window (sorted). */
  #learnNoise(sorted: readonly number[], median: number): void {
    // The interquartile range over 1.349 estimates a standard deviation; a median's standard error is 1.2533 σ/√n.
    // A tool that answers within the clock's resolution has a median of 0: no spread to speak of.
    const spread = median > 0 ? (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 1.349 / median : 0;
    const standardError = (1.2533 * spread) / Math.sqrt(sorted.length);
    this.#noise = Number.isNaN(this.#noise)
      ? standardError
      : this.#noise + noiseSmoothing * (standardError - this.#noise);
  }
}

/** The value at `fraction` of a sorted list, interpolated between its neighbours. */
function quantile(sorted: readonly number[], fraction: number): number {
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}
