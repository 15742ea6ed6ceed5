import type { Backend } from "../backend/backend.js";
import type { ThreadBackend } from "../backend/thread-backend.js";
import type { Admission } from "../scheduler/admission.js";
import type { LockTable } from "../scheduler/lock-table.js";
import type { Pools } from "../scheduler/pools.js";
import type { RateLimitAdmission } from "../scheduler/rate-limit-admission.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import type { CacheStore } from "../store/cache-store.js";
import type { CostModel } from "../store/cost-model.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";
import type { Batches } from "./batcher.js";
import type { CallState } from "./call-state.js";
import type { ExecutorTelemetry } from "./executor-telemetry.js";
import type { FailurePolicy } from "./failure-policy.js";
import type { QueueBound } from "./queue-bound.js";

/*
 * What runs share through their executor, in four parts: its settings, the services it owns, the state that every
 * run's calls share, and what it knows of its tools. Types only: the executor builds them, and the run and its parts
 * read them, so this file imports none of its users.
 */

/** The executor's settings, checked when it was made. */
export interface ExecutorSettings {
  readonly maxOutputBytes: number;
  readonly defaultEstimateMs: number;
  readonly failurePolicy: FailurePolicy;
  /** The source of randomness for backoff jitter. */
  readonly random: () => number;
}

/** The services the executor owns and every run uses. */
export interface ExecutorServices {
  readonly scheduler: Scheduler;
  readonly backend: Backend;
  /** Where the calls of `runIn: "thread"` tools execute. */
  readonly threads: ThreadBackend;
  readonly costModel: CostModel;
  readonly cache: CacheStore;
  /** The resource locks every run shares: calls with `resources` get in line here when they become ready. */
  readonly locks: LockTable;
  /** The named capacities tools draw on with `uses`; undefined when the executor has none. */
  readonly pools: Pools | undefined;
  readonly telemetry: ExecutorTelemetry | undefined;
}

/** What the calls of every run share, and change. */
export interface ExecutorSharedState {
  /** Calls admitted into runs and not ended, against `maxQueued`. */
  readonly queue: QueueBound;
  /** Idempotent calls running now, by key; an identical call joins instead of running again. */
  readonly inFlight: Map<string, CallState>;
  /** Calls of batching tools waiting for their batch to be sent, per tool. */
  readonly batches: Batches;
  /** The next number in the global order of arrival of calls, for ties between runs. */
  nextSequence(): number;
  /** Attempts whose code runs on after their run stopped waiting for it, across every run, moved by `delta`. */
  abandonedChanged(delta: number): void;
}

/** The executor-wide admissions of one tool's calls, worked out once per tool. */
export interface ToolAdmissionSet {
  /** Every admission, in the order the scheduler asks them. */
  readonly admissions: readonly Admission[];
  /** The rate-limit admissions among them: what a throttled call pauses. */
  readonly rateLimits: readonly RateLimitAdmission[];
}

/** The executor's tools. */
export interface ExecutorTools {
  lookupTool(name: string): ResolvedTool | undefined;
  toolNames(): string[];
  /** The executor-wide admissions of a tool's calls: its concurrency limit, its rate limit, its pools… */
  toolAdmissions(tool: ResolvedTool): ToolAdmissionSet;
}

/** Everything a run gets from its executor. */
export interface ExecutorCore
  extends ExecutorSettings,
    ExecutorServices,
    ExecutorSharedState,
    ExecutorTools {}
