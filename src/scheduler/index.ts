export { Gate } from "./gate.js";
export { type HeapItem, ReadyHeap } from "./ready-heap.js";
export { type Schedulable, Scheduler } from "./scheduler.js";
