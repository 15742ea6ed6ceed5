export { type Backend, inlineBackend } from "./backend.js";
