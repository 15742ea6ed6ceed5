export { type JoinerAnswer, parseJoinerAnswer } from "./joiner-answer.js";
export { type JoinerPromptInput, joinerPrompt } from "./joiner-prompt.js";
export { type FormatObservationsOptions, formatObservations, type ObservedStep } from "./observations.js";
export {
  endOfPlanMarker,
  type PlanCallItem,
  type PlanItem,
  type PlanJoinItem,
  type PlannedStep,
  type PlanProblemItem,
  type PlanThoughtItem,
} from "./plan-item.js";
export { PlanParser, type PlanParserOptions } from "./plan-parser.js";
export {
  type PlannerPromptInput,
  type PromptPair,
  plannerPrompt,
  type ReplanContext,
} from "./planner-prompt.js";
export { describeToolsForPlanner } from "./tool-list.js";
