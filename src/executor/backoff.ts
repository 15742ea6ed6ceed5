import type { ResolvedPolicy } from "../tool/policy.js";

/**
 * Exponential backoff with full jitter: a delay drawn uniformly from [0, min(max, base × factor^(attempt−1))), which
 * spreads retries of many calls apart instead of sending them back in lockstep.
 */
export function backoffDelay(
  retry: ResolvedPolicy["retry"],
  failedAttempt: number,
  random: () => number,
): number {
  const ceiling = Math.min(retry.maxBackoffMs, retry.backoffMs * retry.factor ** (failedAttempt - 1));
  return Math.floor(random() * ceiling);
}
