import type { WeftEvent } from "../../events/types.js";
import type { ExecutorTelemetry } from "../../executor/executor-telemetry.js";
import type { Timeline, TimelineCallStatus } from "../timeline.js";
import { TimelineBuilder } from "../timeline-builder.js";
import type { DashboardRunSummary, DashboardSnapshot } from "./dashboard-snapshot.js";
import { UsageSampler, type WatchedExecutor } from "./usage-sampler.js";

/** Options of `new DashboardHub()`. */
export interface DashboardHubOptions {
  /** How many ended runs to keep, newest first. @default 20 */
  recentRuns?: number;
  /** How many usage samples to keep; older ones are dropped. @default 2000 */
  usageSamples?: number;
}

interface FollowedRun {
  builder: TimelineBuilder;
  /** The run's start on the hub's clock. */
  startMs: number;
}

/** The most usage samples a snapshot carries: enough for a chart, few enough to send a few times a second. */
const usageSent = 400;

const callStatuses: readonly TimelineCallStatus[] = [
  "waiting",
  "running",
  "succeeded",
  "failed",
  "skipped",
  "cancelled",
];

/**
 * Follows every run of an executor, from its events alone, for the dashboard: a TimelineBuilder per run (those in
 * progress and the `recentRuns` latest that ended) and the executor's slot and pool usage over time. Give its
 * `telemetry` to the executor, and `watch` the executor for its pools.
 *
 * @example
 * const hub = new DashboardHub();
 * const executor = new Executor({ tools, telemetry: hub.telemetry });
 * hub.watch(executor);
 * const dashboard = await startDashboard(hub);
 * console.error(`dashboard: ${dashboard.url}`);
 */
export class DashboardHub {
  /** The telemetry to give the executor: `new Executor({ telemetry: hub.telemetry })`. */
  readonly telemetry: ExecutorTelemetry;
  readonly #recentRuns: number;
  readonly #usage: UsageSampler;
  /** In the order they started, each moved to the back as it ends: ended runs are in the order they ended. */
  readonly #runs = new Map<string, FollowedRun>();
  readonly #listeners = new Set<() => void>();
  readonly #origin = performance.now();

  constructor(options: DashboardHubOptions = {}) {
    this.#recentRuns = checkCount("recentRuns", options.recentRuns, 20);
    this.#usage = new UsageSampler(checkCount("usageSamples", options.usageSamples, 2000), () => this.now());
    this.telemetry = {
      attach: (gauges) => {
        this.#usage.gauges = gauges;
      },
      onEvent: (event) => this.add(event),
    };
  }

  /** The hub's clock, in ms since it was made. */
  now(): number {
    return performance.now() - this.#origin;
  }

  /**
   * Reads the pools (and the slots) of `executor` at every event, for the usage chart. Returns a function that stops.
   */
  watch(executor: WatchedExecutor): () => void {
    if (typeof executor?.pools !== "function") {
      throw new TypeError(`DashboardHub.watch: expected an Executor, got ${typeof executor}`);
    }
    this.#usage.watched = executor;
    return () => {
      if (this.#usage.watched === executor) this.#usage.watched = undefined;
    };
  }

  /** Takes one event of a run; `telemetry.onEvent` calls it, and so may a Run's `onEvent`. */
  add(event: WeftEvent): void {
    let run = this.#runs.get(event.runId);
    if (run === undefined) {
      run = { builder: new TimelineBuilder(), startMs: this.now() - event.time };
      this.#runs.set(event.runId, run);
    }
    run.builder.add(event);
    if (event.type === "run-start") this.#usage.concurrency = event.concurrency;
    if (event.type === "run-end") {
      // Recent means recently ended: the run moves behind every other.
      this.#runs.delete(event.runId);
      this.#runs.set(event.runId, run);
      this.#forgetOldRuns();
    }
    this.#usage.sample();
    this.#usage.keepSampling(() => [...this.#runs.values()].some((followed) => !followed.builder.isEnded));
    for (const listener of this.#listeners) listener();
  }

  /** Calls `listener` after every event (often: throttle what it does). Returns a function that unsubscribes. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** How many listeners follow the hub (one per open dashboard page). */
  get subscriberCount(): number {
    return this.#listeners.size;
  }

  /** Runs in progress, then ended ones, newest first in each. */
  runs(): DashboardRunSummary[] {
    const now = this.now();
    const summaries = [...this.#runs.values()].reverse().map((run) => summarize(run, now));
    return [
      ...summaries.filter((summary) => summary.status === "running"),
      ...summaries.filter((summary) => summary.status !== "running"),
    ];
  }

  /** The Timeline of a followed run, as it stands; undefined if the hub does not know it (or forgot it). */
  timeline(runId: string): Timeline | undefined {
    return this.#runs.get(runId)?.builder.snapshot();
  }

  /** Everything the page shows, with the Timeline of `runId` (default: the latest run in progress, else the latest). */
  snapshot(runId?: string): DashboardSnapshot {
    this.#usage.sample();
    const runs = this.runs();
    const selectedId = runId !== undefined && this.#runs.has(runId) ? runId : runs[0]?.runId;
    const selected = selectedId === undefined ? undefined : this.#runs.get(selectedId);
    return {
      format: "weft-dashboard",
      version: 1,
      nowMs: this.now(),
      runs,
      usage: this.#usage.samples(usageSent),
      selected:
        selected === undefined || selectedId === undefined
          ? null
          : {
              runId: selectedId,
              elapsedMs: elapsedOf(selected, this.now()),
              timeline: selected.builder.snapshot(),
            },
    };
  }

  #forgetOldRuns(): void {
    let ended = 0;
    for (const [runId, run] of [...this.#runs].reverse()) {
      if (!run.builder.isEnded) continue;
      ended++;
      if (ended > this.#recentRuns) this.#runs.delete(runId);
    }
  }
}

function summarize(run: FollowedRun, now: number): DashboardRunSummary {
  const timeline = run.builder.snapshot();
  const counts = Object.fromEntries(callStatuses.map((status) => [status, 0])) as Record<
    TimelineCallStatus,
    number
  >;
  for (const call of timeline.calls) counts[call.status]++;
  return {
    runId: timeline.runId,
    status: timeline.status,
    startedAt: timeline.startedAt,
    elapsedMs: run.builder.isEnded ? timeline.makespanMs : Math.max(0, now - run.startMs),
    makespanMs: timeline.makespanMs,
    speedup: timeline.speedup,
    counts,
  };
}

function elapsedOf(run: FollowedRun, now: number): number {
  return run.builder.isEnded ? run.builder.snapshot().makespanMs : Math.max(0, now - run.startMs);
}

function checkCount(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `DashboardHub: ${option} must be a whole number >= 0, got ${String(value)} (${typeof value})`,
    );
  }
  return value;
}
