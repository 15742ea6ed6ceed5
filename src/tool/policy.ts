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
  /** The most calls of this tool that may run at once (per executor). */
  concurrency?: number;
  /** Expected duration of one call, used to rank calls until durations have been observed. */
  estimateMs?: number;
}

/** A policy with every default applied, as the scheduler reads it. */
export interface ResolvedPolicy {
  timeoutMs: number | undefined;
  retry: Required<Omit<RetryPolicy, "retryOn">> & { retryOn: RetryPolicy["retryOn"] };
  idempotent: boolean;
  cacheTtlMs: number | undefined;
  concurrency: number;
  estimateMs: number | undefined;
}
