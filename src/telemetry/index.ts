export {
  type ChromeTrace,
  type ChromeTraceEvent,
  type ChromeTraceOptions,
  toChromeTrace,
} from "./chrome-trace.js";
export { writeChromeTraceFile } from "./trace-file.js";
