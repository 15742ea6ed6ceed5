export type { PoolUsage } from "../scheduler/pools.js";
export type { AdaptiveLimitState } from "./adaptive-limits.js";
export type { Attempt } from "./attempt.js";
export { Executor, type ExecutorOptions, type FailurePolicy } from "./executor.js";
export type { ExecutorGauges, ExecutorTelemetry } from "./executor-telemetry.js";
export type { CallResult, CallStatus, RunResult, RunStatus } from "./result.js";
export { Run, type RunOptions } from "./run.js";
