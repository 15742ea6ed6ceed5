export { type Backend, inlineBackend } from "./backend.js";
export { ThreadBackend, type ThreadPoolOptions } from "./thread-backend.js";
