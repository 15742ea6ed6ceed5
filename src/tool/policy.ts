import type { AdaptiveConcurrency, ResolvedAdaptiveConcurrency } from "./adaptive-concurrency.js";
import type { ToolAnnotations } from "./annotations.js";
import type { HedgePolicy, ResolvedHedge } from "./hedge.js";
import type { RateLimit, ResolvedRateLimit } from "./rate-limit.js";
import type { ResourcesOf } from "./resources.js";
import type { PoolUses } from "./uses.js";

/** How a failed attempt is retried. Only tools marked `idempotent` are retried. */
export interface RetryPolicy {
  /**
   * Total attempts, the first included.
   * @default 3 when a retry policy is given
   */
  attempts?: number;
  /**
   * Base delay before the second attempt; each later attempt doubles it (times `factor`), with full jitter.
   * @default 100
   */
  backoffMs?: number;
  /** @default 2 */
  factor?: number;
  /**
   * The largest delay between two attempts.
   * @default 10_000
   */
  maxBackoffMs?: number;
  /** Decides whether an error is worth another attempt. By default every error is, except bad input or output. */
  retryOn?: (error: Error, attempt: number) => boolean;
}

/** The scheduling policy of a tool. Set on the tool; any field can be overridden for one run. */
export interface ToolPolicy {
  /** Milliseconds an attempt may run before its signal is aborted and it fails with `ToolTimeoutError`. */
  timeoutMs?: number;
  /**
   * Each `progress()` report of an attempt restarts its `timeoutMs`, so a long call that keeps reporting is not cut
   * off, while one that goes silent for `timeoutMs` still is. MCP tools set it, as MCP clients do.
   * @default false
   */
  resetTimeoutOnProgress?: boolean;
  /** Retry failed attempts (idempotent tools only). A number is the total attempts with default backoff. */
  retry?: RetryPolicy | number;
  /**
   * The tool gives the same result for the same input and may safely run twice. Only idempotent tools are retried,
   * deduplicated while in flight, and cached.
   * @default false
   */
  idempotent?: boolean;
  /** Keep successful outputs in the result cache. `true` keeps them for the executor's default ttl. */
  cache?: boolean | { ttlMs: number };
  /**
   * The most calls of this tool that may run at once (per executor): a fixed number, or `"adaptive"` /
   * `{ adaptive: { min, max, key? } }` for a limit that follows the service's latency (see AdaptiveConcurrency).
   * A run's `policies` may set only a number.
   * @example { adaptive: { min: 1, max: 64, key: "search-api" } }
   */
  concurrency?: number | "adaptive" | { adaptive: AdaptiveConcurrency };
  /** Expected duration of one call, used to rank calls until durations have been observed. */
  estimateMs?: number;
  /**
   * The resources a call touches, from its input: calls reading a key run together, a call writing a key runs alone
   * with it, and calls waiting for a key start in plan order. Called once per call, once its input is ready; a
   * function that throws or returns anything but an array of `{ key, mode }` fails that call with ToolResourcesError.
   * @default none, or what `annotations` imply
   * @example (input) => [{ key: `file:${input.path}`, mode: "write" }]
   */
  resources?: ResourcesOf;
  /**
   * MCP-style hints (`readOnlyHint`, `destructiveHint`, `idempotentHint`) that give `resources` and `idempotent` their
   * defaults when the tool sets neither: see ToolAnnotations.
   */
  annotations?: ToolAnnotations;
  /**
   * At most `requests` calls start in any window of `per`, across the executor (tools sharing a `key` share the limit;
   * set in a run's `policies`, it adds a limit for that run alone).
   * @example { key: "openai", requests: 500, per: "minute" }
   */
  rateLimit?: RateLimit;
  /**
   * What one call takes from the executor's named `pools` while it runs. A call starts only when all of it fits at
   * once; a large call at the head is never starved by small ones behind it (EASY backfilling on the cost estimates).
   * Each pool must exist on the executor and hold at least this much, or registering the tool throws.
   * @default none: the tool's calls draw on no pool
   * @example { cpu: 1, memory_mb: 512 }
   */
  uses?: PoolUses;
  /**
   * Start one duplicate of an attempt that runs longer than the tool usually takes (its observed 95th percentile, or
   * `afterMs`); the first to succeed wins and the other is aborted. Idempotent tools only: see HedgePolicy.
   * @default false
   * @example { idempotent: true, hedge: true }
   */
  hedge?: HedgePolicy;
}

/** A policy with every default applied, as the scheduler reads it. */
export interface ResolvedPolicy {
  timeoutMs: number | undefined;
  resetTimeoutOnProgress: boolean;
  retry: Required<Omit<RetryPolicy, "retryOn">> & { retryOn: RetryPolicy["retryOn"] };
  idempotent: boolean;
  cacheTtlMs: number | undefined;
  /** The fixed limit; Infinity when there is none, or when the limit is adaptive. */
  concurrency: number;
  adaptiveConcurrency: ResolvedAdaptiveConcurrency | undefined;
  estimateMs: number | undefined;
  /** From the tool's `resources`, or else its `annotations`. */
  resources: ResourcesOf | undefined;
  rateLimit: ResolvedRateLimit | undefined;
  /** What a call takes from the executor's pools; undefined when it takes nothing. */
  uses: PoolUses | undefined;
  /** When a call's attempt gets a duplicate; undefined when the tool is not hedged. */
  hedge: ResolvedHedge | undefined;
}
