import { type Backend, inlineBackend } from "../backend/backend.js";
import type { Call, Plan } from "../plan/types.js";
import type { Admission } from "../scheduler/admission.js";
import { type Schedulable, Scheduler } from "../scheduler/scheduler.js";
import { type CacheStore, MemoryCacheStore } from "../store/cache-store.js";
import { type CostModel, EwmaCostModel } from "../store/cost-model.js";
import { type ResolvedTool, resolveTool } from "../tool/resolve-tool.js";
import type { Tool } from "../tool/types.js";
import type { CallState } from "./call-state.js";
import { Run, type RunOptions } from "./run.js";
import { ToolAdmissions } from "./tool-admissions.js";

export type FailurePolicy = "continue" | "fail-fast";

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
  /** Where calls execute. @default on the event loop */
  backend?: Backend;
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
}

/** What runs share through their executor. */
export interface ExecutorCore {
  readonly scheduler: Scheduler;
  readonly backend: Backend;
  readonly costModel: CostModel;
  readonly cache: CacheStore;
  readonly maxOutputBytes: number;
  readonly defaultEstimateMs: number;
  readonly failurePolicy: FailurePolicy;
  readonly random: () => number;
  /** Idempotent calls running now, by key; an identical call joins instead of running again. */
  readonly inFlight: Map<string, CallState>;
  lookupTool(name: string): ResolvedTool | undefined;
  toolNames(): string[];
  /** The executor-wide admissions of a tool's calls: its concurrency limit… */
  toolAdmissions(tool: ResolvedTool): readonly Admission[];
  nextSequence(): number;
  abandonedChanged(delta: number): void;
}

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
  readonly #toolAdmissions = new ToolAdmissions();
  readonly #core: ExecutorCore;
  #sequence = 0;
  #abandoned = 0;

  constructor(options: ExecutorOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `Expected executor options to be an object, got ${options === null ? "null" : typeof options}`,
      );
    }
    const concurrency = options.concurrency ?? 16;
    checkPositive("concurrency", concurrency, true);
    const maxOutputBytes = options.maxOutputBytes ?? 16 * 1024 * 1024;
    checkPositive("maxOutputBytes", maxOutputBytes, true);
    const defaultEstimateMs = options.defaultEstimateMs ?? 1;
    checkPositive("defaultEstimateMs", defaultEstimateMs, false);
    const failurePolicy = options.failurePolicy ?? "continue";
    checkFailurePolicy(failurePolicy);
    const tools = options.tools ?? [];
    for (const tool of Array.isArray(tools) ? tools : Object.values(tools)) this.register(tool);
    this.#core = {
      scheduler: new Scheduler(concurrency),
      backend: options.backend ?? inlineBackend,
      costModel: options.costModel ?? new EwmaCostModel(),
      cache: options.cache ?? new MemoryCacheStore(),
      maxOutputBytes,
      defaultEstimateMs,
      failurePolicy,
      random: options.random ?? Math.random,
      inFlight: new Map(),
      lookupTool: (name) => this.#tools.get(name),
      toolNames: () => [...this.#tools.keys()],
      toolAdmissions: (tool) => this.#toolAdmissions.for(tool),
      nextSequence: () => this.#sequence++,
      abandonedChanged: (delta) => {
        this.#abandoned += delta;
      },
    };
  }

  /** Adds a tool. Throws if a different tool already has its name. */
  register(tool: Tool): this {
    const resolved = resolveTool(tool);
    const existing = this.#tools.get(resolved.name);
    if (existing !== undefined && existing.tool !== tool) {
      throw new TypeError(`A different tool named "${resolved.name}" is already registered`);
    }
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

  /** Attempts given up (timeout, cancellation) whose code is still running. */
  get abandonedAttempts(): number {
    return this.#abandoned;
  }

  /** Calls holding a slot now, across every run. */
  get running(): number {
    return this.#core.scheduler.running;
  }

  /**
   * Starts a run. The plan is checked first: a plan that cannot run throws a PlanError listing every problem, and
   * nothing starts. Calls begin on the next microtask, so listeners attached right away miss no event.
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

export function checkPositive(name: string, value: unknown, integer: boolean): void {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(
      `Expected \`${name}\` to be a number, got ${JSON.stringify(value)} (${typeof value})`,
    );
  }
  if (!(value > 0) || (integer && !Number.isInteger(value) && value !== Number.POSITIVE_INFINITY)) {
    throw new RangeError(
      `Expected \`${name}\` to be a positive ${integer ? "integer" : "number"}, got ${value}`,
    );
  }
}

export function checkFailurePolicy(value: unknown): asserts value is FailurePolicy {
  if (value !== "continue" && value !== "fail-fast") {
    throw new TypeError(
      `Expected \`failurePolicy\` to be "continue" or "fail-fast", got ${JSON.stringify(value)}`,
    );
  }
}
