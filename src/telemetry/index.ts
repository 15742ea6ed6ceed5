export {
  type ChromeTrace,
  type ChromeTraceEvent,
  type ChromeTraceOptions,
  toChromeTrace,
} from "./chrome-trace.js";
export type {
  Timeline,
  TimelineAttempt,
  TimelineAttemptOutcome,
  TimelineCall,
  TimelineCallStatus,
  TimelineWait,
} from "./timeline.js";
export { TimelineBuilder } from "./timeline-builder.js";
export { writeChromeTraceFile } from "./trace-file.js";
