export { parseTimeline, readTimelineFile } from "./read-timeline-file.js";
export { jsonForScript, type RenderReportOptions, renderReport } from "./render-report.js";
export { timelineViewScript, timelineViewStyles } from "./timeline-view.js";
export { percentile, type ToolStatistics, toolStatistics } from "./tool-statistics.js";
export { writeReportFile } from "./write-report-file.js";
