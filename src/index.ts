export * from "./backend/index.js";
export * from "./errors/index.js";
export * from "./events/index.js";
export * from "./executor/index.js";
export * from "./plan/index.js";
export * from "./store/index.js";
export * from "./telemetry/index.js";
export * from "./tool/index.js";
