import type { CallStatus, RunStatus } from "../events/run-result.js";
import type { WaitCause } from "../events/types.js";

/**
 * A run as the report and the dashboard draw it, built from its events alone (see TimelineBuilder). It is also the
 * `weft` field of a trace file written by `weft run --trace`, which `weft report` reads back: a stable format, with
 * every time in ms from the run's start.
 */
export interface Timeline {
  format: "weft-timeline";
  version: 1;
  runId: string;
  /** `running` while the run goes on (a live view); its final status once `run-end` arrived. */
  status: RunStatus | "running";
  /** When the run started, as an ISO date (the wall clock of the process that ran it). */
  startedAt: string;
  /** The executor's limit on calls running at once, as the run started. */
  concurrency: number;
  /** The latest moment the timeline knows of: the makespan once the run ended. */
  nowMs: number;
  /** From the run's start to the end of its last call (so far, while it runs). */
  makespanMs: number;
  /** Every call's running time added up: what running them one by one would have cost. */
  sequentialMs: number;
  /** The longest chain of dependent calls, by running times. */
  criticalPathMs: number;
  /** No schedule could finish sooner: the larger of the critical path and the sequential time spread over every slot. */
  lowerBoundMs: number;
  /** sequentialMs ÷ makespanMs. */
  speedup: number;
  /** The calls along the critical path, first to last (known once the run ended). */
  criticalPath: string[];
  /** Lanes the attempts were laid out on, 1 to `lanes`: no two attempts on one lane overlap. */
  lanes: number;
  calls: TimelineCall[];
  /** Calls running over time, as [time, running] steps: the count holds from one step's time to the next's. */
  slots: [number, number][];
}

/** Where a call of a timeline stands: how it ended, or that it still waits or runs. */
export type TimelineCallStatus = CallStatus | "waiting" | "running";

/** One call of a timeline: its attempts, its waits by cause, and whether it is on the critical path. */
export interface TimelineCall {
  id: string;
  tool: string;
  /** Final, or `waiting` / `running` while the run goes on. */
  status: TimelineCallStatus;
  /** The calls it waited for (`$ref` and `after`). */
  dependencies: string[];
  /** When it joined the run. */
  queuedMs: number;
  /** When its first attempt started; null if none did. */
  startMs: number | null;
  /** When it ended; null while it has not. */
  endMs: number | null;
  attempts: TimelineAttempt[];
  /** Its time before each attempt, by what it waited on, in order. The last one is open (endMs null) while it waits. */
  waits: TimelineWait[];
  isCached: boolean;
  isDeduplicated: boolean;
  isHedged: boolean;
  /** Attempts that failed and were tried again. */
  retries: number;
  error: { code: string; message: string } | null;
  isOnCriticalPath: boolean;
}

/** How one attempt of a call ended. */
export type TimelineAttemptOutcome =
  | "succeeded"
  | "failed"
  | "retried"
  | "abandoned"
  | "cancelled"
  | "running";

/** One attempt of a call, on its lane. */
export interface TimelineAttempt {
  attempt: number;
  startMs: number;
  /** Null while it runs. */
  endMs: number | null;
  outcome: TimelineAttemptOutcome;
  /** A duplicate started by hedging (see HedgePolicy). */
  isHedge: boolean;
  /** The lane it is drawn on, from 1. */
  lane: number;
}

/** A stretch of time a call spent waiting, and on what. */
export interface TimelineWait {
  cause: WaitCause;
  startMs: number;
  /** Null while the call still waits on it. */
  endMs: number | null;
}
