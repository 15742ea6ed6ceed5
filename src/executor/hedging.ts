import type { Backend } from "../backend/backend.js";
import type { RunEvents } from "../events/run-events.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import { LatencySample } from "../store/latency-sample.js";
import type { ResolvedHedge } from "../tool/hedge.js";
import type { AbandonedAttempts } from "./abandoned-attempts.js";
import type { Attempt } from "./attempt.js";
import type { CallState } from "./call-state.js";
import type { ExecutorCore } from "./executor-core.js";
import { HedgedAttempt, type HedgeHost } from "./hedged-attempt.js";

/**
 * Recent durations of each hedged tool, per executor: its calls' p95 is learned from every run it serves. Kept beside
 * the executor rather than in its CostModel, which users may replace and which needs only a mean.
 */
const samplesByExecutor = new WeakMap<ExecutorCore, Map<string, LatencySample>>();

/**
 * Hedged calls of one run: starts each attempt of a hedged tool as a HedgedAttempt, and gives it what it needs from
 * the run and the executor (the scheduler, the tool's recent durations, the events).
 */
export class Hedging implements HedgeHost {
  readonly scheduler: Scheduler;
  readonly #events: RunEvents;
  readonly #abandoned: AbandonedAttempts;
  readonly #samples: Map<string, LatencySample>;

  /** @param abandoned the run's count of abandoned attempts, where the losers that run on are counted too */
  constructor(core: ExecutorCore, events: RunEvents, abandoned: AbandonedAttempts) {
    this.scheduler = core.scheduler;
    this.#events = events;
    this.#abandoned = abandoned;
    let samples = samplesByExecutor.get(core);
    if (samples === undefined) {
      samples = new Map();
      samplesByExecutor.set(core, samples);
    }
    this.#samples = samples;
  }

  /** Runs one attempt of a call of a hedged tool; settles as the call's attempt does (see HedgedAttempt). */
  run(call: CallState, attempt: Attempt, backend: Backend, hedge: ResolvedHedge): Promise<unknown> {
    return new HedgedAttempt(this, call, attempt, backend, this.#delayOf(call, hedge)).promise;
  }

  /** Milliseconds on the scheduler's clock. */
  now(): number {
    return this.scheduler.now();
  }

  /** Records how long an attempt of the tool ran (at least: a loser's time when it lost counts too). */
  observe(call: CallState, durationMs: number): void {
    const name = call.tool.name;
    let sample = this.#samples.get(name);
    if (sample === undefined) {
      sample = new LatencySample();
      this.#samples.set(name, sample);
    }
    sample.observe(durationMs);
  }

  /** The duplicate of the call's attempt started `afterMs` after the attempt. */
  started(call: CallState, attempt: number, afterMs: number): void {
    call.hedged = "started";
    this.#events.callHedge(call, attempt, afterMs);
  }

  won(call: CallState): void {
    call.hedged = "won";
  }

  loserAbandoned(): void {
    this.#abandoned.abandoned();
  }

  loserSettled(): void {
    this.#abandoned.settled();
  }

  /**
   * When the call's attempt gets a duplicate, in ms after it starts; undefined when it gets none: too few durations
   * known yet, or the call writes a key (its duplicate would wait for its own lock).
   */
  #delayOf(call: CallState, hedge: ResolvedHedge): number | undefined {
    const resources = call.resources;
    if (resources?.some((claim) => claim.mode === "write")) return undefined;
    if (hedge.afterMs !== undefined) return hedge.afterMs;
    const sample = this.#samples.get(call.tool.name);
    if (sample === undefined || sample.size < hedge.minSamples) return undefined;
    return sample.quantile(hedge.quantile);
  }
}
