export {
  type ChromeTrace,
  type ChromeTraceEvent,
  type ChromeTraceOptions,
  toChromeTrace,
} from "./chrome-trace.js";
export { combineTelemetry } from "./combine-telemetry.js";
export {
  createDashboardToken,
  type DashboardHandlerOptions,
  DashboardHub,
  type DashboardHubOptions,
  type DashboardRunSummary,
  type DashboardServer,
  type DashboardSnapshot,
  type DashboardUsageSample,
  dashboardHandler,
  type StartDashboardOptions,
  type StartedRun,
  startDashboard,
  type WatchedExecutor,
} from "./dashboard/index.js";
export { type OpenTelemetryOptions, openTelemetry } from "./open-telemetry/index.js";
export {
  parseTimeline,
  type RenderReportOptions,
  readTimelineFile,
  renderReport,
  type ToolStatistics,
  toolStatistics,
  writeReportFile,
} from "./report/index.js";
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
