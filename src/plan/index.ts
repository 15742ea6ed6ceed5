export { parsePlan, readPlan } from "./parse-plan.js";
export type { Call, Plan, Ref } from "./types.js";
