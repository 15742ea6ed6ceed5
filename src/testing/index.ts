export { VirtualClock } from "../clock/virtual-clock.js";
export { startModelServer } from "./model-server.js";
export type {
  ModelScript,
  ModelServer,
  ModelServerOptions,
  ModelServerProvider,
  ReceivedRequest,
  ScriptedToolCall,
  ScriptedTurn,
  TurnTiming,
} from "./types.js";
