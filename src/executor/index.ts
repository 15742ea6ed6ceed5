export type { CallResult, CallStatus, RunResult, RunStatus } from "../events/run-result.js";
export type { PoolUsage } from "../scheduler/pools.js";
export type { AdaptiveLimitState } from "./adaptive-limits.js";
export { Executor, type ExecutorOptions, type FailurePolicy } from "./executor.js";
export type { ExecutorGauges, ExecutorTelemetry } from "./executor-telemetry.js";
// A type only: runs are made by `executor.run()`, never constructed.
export type { Run, RunOptions } from "./run.js";
