import { type Backend, inlineBackend } from "../backend/backend.js";
import { ThreadBackend, type ThreadPoolOptions } from "../backend/thread-backend.js";
import { type Clock, systemClock } from "../clock/clock.js";
import {
  checkChoice,
  checkMethods,
  checkOptionsObject,
  checkPositiveNumber,
  checkWholeNumber,
} from "../errors/check-option.js";
import type { Call, Plan } from "../plan/types.js";
import { Pools, type PoolUsage } from "../scheduler/pools.js";
import { Scheduler } from "../scheduler/scheduler.js";
import type { CacheStore } from "../store/cache-store.js";
import { type CostModel, EwmaCostModel } from "../store/cost-model.js";
import { MemoryCacheStore } from "../store/memory-cache-store.js";
import { type ResolvedTool, resolveTool } from "../tool/resolve-tool.js";
import type { Tool } from "../tool/types.js";
import type { AdaptiveLimitState } from "./adaptive-limits.js";
import { Batches } from "./batcher.js";
import type { ExecutorCore } from "./executor-core.js";
import type { ExecutorTelemetry } from "./executor-telemetry.js";
import { type FailurePolicy, failurePolicies } from "./failure-policy.js";
import { QueueBound } from "./queue-bound.js";
import { Run, type RunOptions } from "./run.js";
import { ToolAdmissions } from "./tool-admissions.js";

export type { FailurePolicy } from "./failure-policy.js";

/** Options of `new Executor()`: the tools, the limits, and where calls run and what they remember. */
export interface ExecutorOptions {
  /** The tools calls may use. More can be added with `register`. */
  tools?: readonly Tool[] | Record<string, Tool>;
  /**
   * The most calls running at once, across every run of this executor.
   * @default 16
   */
  concurrency?: number;
  /**
   * What a failed call does to the rest of its run: `continue` skips only its dependents; `fail-fast` aborts the
   * running calls and skips the rest.
   * @default "continue"
   */
  failurePolicy?: FailurePolicy;
  /** Learned durations used to rank calls. @default a new in-memory EWMA model */
  costModel?: CostModel;
  /** Where cacheable outputs are kept. @default an in-memory LRU of 10,000 entries */
  cache?: CacheStore;
  /**
   * Where the scheduler, rate limits, timeouts, backoff, batching windows and hedges read the time and set their
   * waits: a test gives a `VirtualClock` (from `weft/test`) to move time itself.
   * @default the system's clock (`performance.now()` and Node's timers)
   */
  clock?: Clock;
  /** Where calls execute, except those of `runIn: "thread"` tools. @default on the event loop */
  backend?: Backend;
  /**
   * The worker-thread pool of `runIn: "thread"` tools, started at their first call: its size, how long idle threads
   * live, and each thread's memory limits.
   * @default { maxThreads: os.availableParallelism(), idleTimeoutMs: 10_000 }
   * @example new Executor({ tools: [hash], threads: { maxThreads: 4, resourceLimits: { maxOldGenerationSizeMb: 512 } } })
   */
  threads?: ThreadPoolOptions;
  /**
   * The largest output a call may return, measured as JSON.
   * @default 16 MiB
   */
  maxOutputBytes?: number;
  /**
   * The estimate used for a tool with neither a declared `estimateMs` nor observed durations.
   * @default 1
   */
  defaultEstimateMs?: number;
  /** The source of randomness for backoff jitter; tests may make it deterministic. @default Math.random */
  random?: () => number;
  /**
   * The most calls admitted into runs and not ended yet, across every run: past it, `run()` and `add()` throw a
   * QueueFullError and run nothing of what they were given, so that a busy service pushes back instead of growing its
   * memory without limit.
   * @default Infinity
   * @example
   * const executor = new Executor({ tools, maxQueued: 10_000 });
   * try { executor.run(plan); } catch (error) { if (QueueFullError.isInstance(error)) reply503(); }
   */
  maxQueued?: number;
  /**
   * Named capacities that tools draw on with `uses`, shared by every run: any name, any positive finite amount. A call
   * starts only when all it uses fits in every pool at once; small calls start ahead of a large one only when they
   * cannot delay it (EASY backfilling on the cost estimates), so neither is starved.
   * @default no pools
   * @example
   * const executor = new Executor({ pools: { cpu: 2, memory_mb: 4096, gpu: 1 }, tools: [render, transcode] });
   */
  pools?: Record<string, number>;
  /**
   * Sees every event of every run, and runs each attempt's code in its own context: `openTelemetry()` gives a span per
   * run and per attempt, and metrics, to the OpenTelemetry SDK the application set up.
   * @default none
   * @example new Executor({ tools, telemetry: openTelemetry() })
   */
  telemetry?: ExecutorTelemetry;
}

/** Where the executor's option errors say the option was refused. */
const where = "new Executor";

/**
 * Runs plans of tool calls: independent calls at once, dependent calls as soon as their inputs are ready, within the
 * limits set here. One executor can serve many runs at once; its limits, cache and learned estimates are shared.
 *
 * @example
 * const executor = new Executor({ tools: [search, fetchPage], concurrency: 8 });
 * const run = executor.run({ calls: [
 *   { id: "s", tool: "search", args: { query: "weft" } },
 *   { id: "p", tool: "fetchPage", args: { url: { $ref: "s.results[0].url" } } },
 * ] });
 * const result = await run.result();
 */
export class Executor {
  readonly #tools = new Map<string, ResolvedTool>();
  readonly #toolAdmissions: ToolAdmissions;
  readonly #core: ExecutorCore;
  #sequence = 0;
  #abandoned = 0;

  /** Throws an InvalidOptionError naming the first option it does not accept, and what it accepts. */
  constructor(options: ExecutorOptions = {}) {
    checkOptionsObject(where, "options", options);
    const concurrency = options.concurrency ?? 16;
    checkWholeNumber(where, "options.concurrency", concurrency, { isInfinityAllowed: true });
    const maxOutputBytes = options.maxOutputBytes ?? 16 * 1024 * 1024;
    checkWholeNumber(where, "options.maxOutputBytes", maxOutputBytes, { isInfinityAllowed: true });
    const defaultEstimateMs = options.defaultEstimateMs ?? 1;
    checkPositiveNumber(where, "options.defaultEstimateMs", defaultEstimateMs, { isInfinityAllowed: true });
    const maxQueued = options.maxQueued ?? Number.POSITIVE_INFINITY;
    checkWholeNumber(where, "options.maxQueued", maxQueued, { isInfinityAllowed: true });
    const failurePolicy: FailurePolicy = options.failurePolicy ?? "continue";
    checkChoice(where, "options.failurePolicy", failurePolicy, failurePolicies);
    if (options.clock !== undefined) checkMethods(where, "options.clock", options.clock, ["now", "schedule"]);
    const clock = options.clock ?? systemClock;
    const threads = new ThreadBackend(options.threads);
    const pools = options.pools === undefined ? undefined : new Pools(options.pools);
    this.#toolAdmissions = new ToolAdmissions(threads.admission, pools);
    const tools = options.tools ?? [];
    for (const tool of Array.isArray(tools) ? tools : Object.values(tools)) this.register(tool);
    this.#core = {
      scheduler: new Scheduler(concurrency, clock),
      backend: options.backend ?? inlineBackend,
      threads,
      costModel: options.costModel ?? new EwmaCostModel(),
      cache: options.cache ?? new MemoryCacheStore(),
      maxOutputBytes,
      defaultEstimateMs,
      failurePolicy,
      random: options.random ?? Math.random,
      queue: new QueueBound(maxQueued),
      inFlight: new Map(),
      batches: new Batches(clock),
      lookupTool: (name) => this.#tools.get(name),
      toolNames: () => [...this.#tools.keys()],
      toolAdmissions: (tool) => this.#toolAdmissions.for(tool),
      locks: this.#toolAdmissions.locks,
      pools,
      nextSequence: () => this.#sequence++,
      telemetry: options.telemetry,
      abandonedChanged: (delta) => {
        this.#abandoned += delta;
      },
    };
    options.telemetry?.attach?.(this);
  }

  /** Adds a tool. Throws if a different tool already has its name. */
  register(tool: Tool): this {
    const resolved = resolveTool(tool);
    const existing = this.#tools.get(resolved.name);
    if (existing !== undefined && existing.tool !== tool) {
      throw new TypeError(`A different tool named "${resolved.name}" is already registered`);
    }
    this.#toolAdmissions.declare(resolved);
    this.#tools.set(resolved.name, resolved);
    return this;
  }

  /** The registered tools. */
  get tools(): Tool[] {
    return [...this.#tools.values()].map((resolved) => resolved.tool);
  }

  /** The learned durations. */
  get costModel(): CostModel {
    return this.#core.costModel;
  }

  /** Attempts given up (timeout, cancellation) or lost to their hedge whose code still runs, across every run. */
  get abandonedAttempts(): number {
    return this.#abandoned;
  }

  /** Calls holding a slot now, across every run. */
  get running(): number {
    return this.#core.scheduler.running;
  }

  /**
   * Stops the worker threads of `runIn: "thread"` tools, if any were started; thread calls still running fail. Idle
   * threads never keep the process alive, so closing is needed only to free them sooner. A later thread call starts
   * a new pool.
   */
  async close(): Promise<void> {
    await this.#core.threads.close();
  }

  /**
   * The adaptive concurrency limits (tools with `concurrency: "adaptive"`) as they stand now, by key: the tool's name,
   * or the key its tools share. Each move is also a `limit-change` event of the run whose call caused it.
   *
   * @example
   * executor.limits(); // { "search-api": { limit: 12, min: 1, max: 64, running: 12, waiting: 30, baselineMs: 41.5, tools: ["search", "suggest"] } }
   */
  limits(): Record<string, AdaptiveLimitState> {
    return this.#toolAdmissions.limits();
  }

  /**
   * The executor's pools as they stand now, by name: capacity, what running calls take, how many calls wait.
   *
   * @example
   * executor.pools(); // { cpu: { capacity: 2, inUse: 2, waiting: 5 }, memory_mb: { capacity: 4096, inUse: 1024, waiting: 5 } }
   */
  pools(): Record<string, PoolUsage> {
    return this.#core.pools?.usage() ?? {};
  }

  /** Calls admitted into runs and not ended yet, across every run: what `maxQueued` bounds. */
  get queued(): number {
    return this.#core.queue.queued;
  }

  /**
   * Starts a run. The plan is checked first: a plan that cannot run throws a PlanError listing every problem, and
   * nothing starts. Calls begin on the next microtask, so listeners attached right away miss no event. Past the
   * executor's `maxQueued`, it throws a QueueFullError and nothing starts either; an option it does not accept, an
   * InvalidOptionError.
   */
  run(plan: Plan | readonly Call[], options: RunOptions = {}): Run {
    return new Run(this.#core, Array.isArray(plan) ? plan : checkPlanObject(plan as Plan), options);
  }
}

function checkPlanObject(plan: Plan): readonly unknown[] {
  if (typeof plan !== "object" || plan === null || !Array.isArray(plan.calls)) {
    throw new TypeError("Expected a plan { calls: [...] } or an array of calls");
  }
  return plan.calls;
}
