export type { Backend } from "./backend.js";
export type { ThreadPoolOptions } from "./thread-backend.js";
