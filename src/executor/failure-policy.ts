/** What a failed call does to the rest of a run: skip only its dependents (`continue`), or stop the run (`fail-fast`). */
export type FailurePolicy = "continue" | "fail-fast";

/** Every failure policy, for the checks of the executor's and the run's options. */
export const failurePolicies: readonly FailurePolicy[] = ["continue", "fail-fast"];
