export { type BatchGraph, type CrossLink, dependenciesOf } from "./batch-graph.js";
export { type CheckedCalls, type CheckOptions, checkCalls } from "./check-plan.js";
export { findCycle } from "./find-cycle.js";
export type { GraphNode, NodeFactory } from "./graph-node.js";
export { parsePlan, readPlan } from "./parse-plan.js";
export { formatRefPath, parseRef } from "./ref-path.js";
export { collectRefs, isConcatObject, isRefObject, resolveRefs } from "./refs.js";
export type { Call, Plan, Ref } from "./types.js";
