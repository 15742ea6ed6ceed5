// The outcome types are the executor's API, but they live beside the events because `run-end` carries a RunResult:
// the events must not depend on the executor.
export type { CallResult, CallStatus, RunResult, RunStatus } from "../events/run-result.js";
