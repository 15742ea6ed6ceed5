export { EventStream } from "./event-stream.js";
export type * from "./types.js";
