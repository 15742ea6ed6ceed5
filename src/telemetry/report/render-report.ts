import type { Timeline } from "../timeline.js";
import { reportPageScript } from "./report-page-script.js";
import { timelineViewScript, timelineViewStyles } from "./timeline-view.js";
import { toolStatistics } from "./tool-statistics.js";

/** Options of `renderReport`. */
export interface RenderReportOptions {
  /**
   * The page's title and heading (shown as text).
   * @default "weft run <runId>"
   */
  title?: string;
}

/**
 * One self-contained HTML document (inline CSS and JavaScript, nothing fetched) that shows a run: the headline
 * (makespan, the one-by-one cost, speedup, lower bound, status, calls by status), the timeline (see timeline-view.ts)
 * and per-tool statistics. The data travels as JSON in `<script type="application/json">` blocks, with every `<`
 * escaped, and reaches the page only through `textContent`: ids and tool names holding HTML or script show as text.
 *
 * @example
 * const html = renderReport(builder.snapshot());
 * await writeFile("report.html", html);
 */
export function renderReport(timeline: Timeline, options: RenderReportOptions = {}): string {
  if (options.title !== undefined && typeof options.title !== "string") {
    throw new TypeError(`renderReport: \`title\` must be a string, got ${typeof options.title}.`);
  }
  const page = { title: options.title ?? `weft run ${timeline.runId}` };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>weft report</title>
<style>${pageStyles}${timelineViewStyles}</style>
</head>
<body>
<main>
<header><h1 id="report-title">weft report</h1><p id="report-meta" class="meta"></p></header>
<section id="headline" class="headline" aria-label="Headline"></section>
<section><h2>Timeline</h2><div id="timeline"></div></section>
<section>
<h2>Tools</h2>
<p class="meta">Run times are per attempt (a retried call counts each attempt); p95 is the nearest rank.</p>
<table id="tool-statistics">
<thead><tr><th>Tool</th><th>Calls</th><th>Attempts</th><th>p50 run</th><th>p95 run</th><th>Retries</th><th>Cache hits</th><th>Failures</th><th>Queue time</th><th>Queue time by cause</th></tr></thead>
<tbody></tbody>
</table>
</section>
<noscript><p>This report draws itself with JavaScript; turn it on to see the run.</p></noscript>
</main>
<script type="application/json" id="weft-timeline">${jsonForScript(timeline)}</script>
<script type="application/json" id="weft-tool-statistics">${jsonForScript(toolStatistics(timeline))}</script>
<script type="application/json" id="weft-report-options">${jsonForScript(page)}</script>
<script>${scriptForPage(timelineViewScript)}</script>
<script>${scriptForPage(reportPageScript)}</script>
</body>
</html>
`;
}

/**
 * JSON that can sit inside a script element: `<` (so `</script>` and `<!--` in an id cannot end or bend the element)
 * and the two line separators that old parsers reject are written as \u escapes, which JSON.parse reads back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Our own scripts hold no closing tag; this keeps it so should one ever slip into a string. */
function scriptForPage(script: string): string {
  return script.replace(/<\/(script)/gi, "<\\/$1");
}

const pageStyles = `
body { margin: 0; background: #f9fafb; color: #1f2937; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 1400px; margin: 0 auto; padding: 20px 24px 40px; }
h1 { font-size: 20px; margin: 0 0 2px; overflow-wrap: anywhere; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.meta { color: #6b7280; margin: 0 0 12px; font-size: 12px; overflow-wrap: anywhere; }
.headline { display: flex; flex-wrap: wrap; gap: 10px; }
.card { background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px 14px; min-width: 130px; }
.card-label { color: #6b7280; font-size: 12px; }
.card-value { font-size: 22px; font-weight: 600; }
.card-note { color: #6b7280; font-size: 11px; max-width: 220px; }
.status-count { margin-right: 8px; }
#tool-statistics { border-collapse: collapse; background: #fff; width: 100%; font-size: 13px; }
#tool-statistics th { text-align: left; color: #6b7280; font-weight: 500; border-bottom: 1px solid #d1d5db; padding: 4px 8px; }
#tool-statistics td { border-bottom: 1px solid #f0f1f3; padding: 4px 8px; overflow-wrap: anywhere; }
#tool-statistics td.number { text-align: right; font-variant-numeric: tabular-nums; }
#tool-statistics tr.has-failures td:first-child { color: #b91c1c; }
section > #timeline { background: #fff; padding: 8px; border: 1px solid #e5e7eb; border-radius: 6px; }
`;
