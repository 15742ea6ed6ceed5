import type { EventListener } from "../events/types.js";
import type { ToolPolicy } from "../tool/policy.js";
import type { FailurePolicy } from "./failure-policy.js";

/** How one run goes: its signal, limits, overrides, whether it may grow, and its share of a busy executor. */
export interface RunOptions {
  /** Aborting it cancels the whole run: running calls are aborted, the rest cancelled. */
  signal?: AbortSignal;
  /** The most calls of this run running at once (the executor's limit applies too). */
  concurrency?: number;
  /** Overrides the executor's failure policy for this run. */
  failurePolicy?: FailurePolicy;
  /** Per-tool policy overrides for this run, by tool name: `{ "http.fetch": { timeoutMs: 5000 } }`. */
  policies?: Record<string, ToolPolicy>;
  /**
   * Keep the run open for calls added with `add()` until `end()` is called, for plans that arrive while a model is
   * still writing them.
   * @default false
   */
  isOpen?: boolean;
  /** A listener called synchronously for every event: cheaper than iterating `events`. */
  onEvent?: EventListener;
  /** @default a random id */
  runId?: string;
  /**
   * Who the run works for. When slots are scarce, each tenant with ready calls holds slots in proportion to its
   * `weight`, whatever the number or the size of its runs; runs naming the same tenant share one share.
   * @default the run is a tenant of its own
   * @example
   * executor.run(plan, { tenant: "alice", weight: 2 });
   */
  tenant?: string;
  /**
   * The tenant's share of slots relative to the other tenants'. The latest run to give a weight sets its tenant's.
   * @default 1
   */
  weight?: number;
  /**
   * Ready calls of a run with a higher priority start before those of lower ones, whatever the shares; fair share
   * applies between runs of equal priority.
   * @default 0
   */
  priority?: number;
}
