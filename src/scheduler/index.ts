export { AdaptiveGate, type AdaptiveGateHooks, type AdaptiveLimitSnapshot } from "./adaptive-gate.js";
export {
  AdaptiveLimit,
  type AdaptiveLimitSettings,
  type LimitChange,
  type LimitChangeReason,
  type SampleKind,
} from "./adaptive-limit.js";
export type { Schedulable } from "./admission.js";
export { type AttemptOutcome, succeededOutcome } from "./attempt-outcome.js";
export { FairQueue } from "./fair-queue.js";
export { FairWaiting } from "./fair-waiting.js";
export { Gate } from "./gate.js";
export { isOverloadError } from "./is-overload-error.js";
export { Lane, type LaneOptions } from "./lane.js";
export { type ClaimsOf, LockTable } from "./lock-table.js";
export { PoolDemand } from "./pool-demand.js";
export { Pools, type PoolUsage } from "./pools.js";
export { RateLimitAdmission } from "./rate-limit-admission.js";
export type { RateLimiter } from "./rate-limiter.js";
export { type HeapItem, ReadyHeap } from "./ready-heap.js";
export { type PoolHolder, type Reservation, reserve } from "./reservation.js";
export { Scheduler } from "./scheduler.js";
export { SlidingWindowRateLimiter } from "./sliding-window-rate-limiter.js";
export { Tenant } from "./tenant.js";
