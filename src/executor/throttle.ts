import { defaultRetryAfterMs, RateLimitedError } from "../errors/rate-limited-error.js";
import { defaultMaxThrottles } from "../tool/rate-limit.js";
import type { CallState } from "./call-state.js";

/** What a call does after its tool threw a RateLimitedError: wait and run again, or fail. */
export type Throttle =
  | {
      isRetried: true;
      /** Until the call's keys admit calls again (or, with no key, until the call itself is ready again). */
      delayMs: number;
      /** The call's rate-limit admissions hold it until the pause ends; without one, it waits on its own timer. */
      isHeldByKey: boolean;
      /** The throttle as the call-retry event reports it: the key, the wait, and the tool's error as its cause. */
      error: RateLimitedError;
    }
  | { isRetried: false; error: RateLimitedError };

/**
 * Pauses every rate-limit key the call passes through, so that no call of those keys starts before the service's wait
 * is over, and counts the throttle against the call's `maxThrottles`. The throttled attempt does not count against the
 * retry attempts: the service refused it, so it did not run.
 */
export function throttleCall(node: CallState, thrown: RateLimitedError, now: number): Throttle {
  const rateLimit = node.policy.rateLimit;
  const maxThrottles = rateLimit?.maxThrottles ?? defaultMaxThrottles;
  const throttles = ++node.throttles;
  const waitMs = thrown.retryAfterMs ?? defaultRetryAfterMs;
  // The key is paused even when the call gives up: the other calls of the key must heed the service too.
  let key = rateLimit?.key;
  let resumeAt = now + waitMs;
  let isHeldByKey = false;
  for (const gate of node.setup.rateLimits) {
    gate.pause(now + waitMs);
    // An earlier throttle may have paused the key for longer.
    resumeAt = Math.max(resumeAt, gate.limiter.pausedUntil);
    isHeldByKey = true;
    key ??= gate.key;
  }
  const where = `Call "${node.id}" (tool "${node.tool.name}")`;
  const onKey = key === undefined ? "" : ` on rate-limit key "${key}"`;
  if (throttles > maxThrottles) {
    return {
      isRetried: false,
      error: new RateLimitedError({
        retryAfterMs: thrown.retryAfterMs,
        key,
        message: `${where} was throttled${onKey} ${throttles} times, more than its maxThrottles (${maxThrottles}): ${thrown.message}`,
        cause: thrown,
      }),
    };
  }
  const delayMs = resumeAt - now;
  return {
    isRetried: true,
    delayMs,
    isHeldByKey,
    error: new RateLimitedError({
      retryAfterMs: thrown.retryAfterMs,
      key,
      message: `${where} was throttled${onKey} (throttle ${throttles} of at most ${maxThrottles}); ${isHeldByKey ? "no call of the key starts" : "it runs again"} for ${Math.round(delayMs)} ms: ${thrown.message}`,
      cause: thrown,
    }),
  };
}
