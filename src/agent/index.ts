export type {
  AgentMessage,
  Model,
  ModelRequest,
  ModelStreamEvent,
  ModelToolCall,
  ModelUsage,
  ToolResultMessage,
} from "./model.js";
export { runAgent } from "./run-agent-on-demand.js";
export type {
  AgentCall,
  AgentEvent,
  AgentMode,
  AgentResult,
  AgentStatus,
  RunAgentOptions,
} from "./types.js";
