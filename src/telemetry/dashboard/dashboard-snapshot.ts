import type { RunStatus } from "../../events/run-result.js";
import type { PoolUsage } from "../../scheduler/pools.js";
import type { Timeline, TimelineCallStatus } from "../timeline.js";

/** One run in the dashboard's list: in progress, or among the recent ones. */
export interface DashboardRunSummary {
  runId: string;
  /** `running` until its `run-end` arrived. */
  status: RunStatus | "running";
  /** When it started, as an ISO date. */
  startedAt: string;
  /** Time since it started, as the snapshot was taken (its makespan once it ended), in ms. */
  elapsedMs: number;
  makespanMs: number;
  speedup: number;
  /** How many of its calls are in each state. */
  counts: Record<TimelineCallStatus, number>;
}

/** The executor's use of its slots and pools at one moment. */
export interface DashboardUsageSample {
  /** Milliseconds on the hub's clock (see DashboardSnapshot.nowMs). */
  timeMs: number;
  /** Calls holding a slot. */
  running: number;
  /** Calls admitted and not started. */
  queued: number;
  /** The executor's limit on calls running at once, as its latest run started. */
  concurrency: number;
  /** Each pool's capacity and use; empty unless the hub watches the executor (see DashboardHub.watch). */
  pools: Record<string, PoolUsage>;
}

/**
 * What the dashboard page receives on each update: every run's summary, the usage so far, and the whole Timeline of
 * one run (the one asked for, else the latest in progress, else the latest). A stable JSON format.
 */
export interface DashboardSnapshot {
  format: "weft-dashboard";
  version: 1;
  /** The hub's clock as the snapshot was taken, in ms: usage samples are on the same clock. */
  nowMs: number;
  /** Newest first: runs in progress, then the recent ones. */
  runs: DashboardRunSummary[];
  usage: DashboardUsageSample[];
  selected: { runId: string; elapsedMs: number; timeline: Timeline } | null;
}
