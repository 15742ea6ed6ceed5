import { timelineViewBasics } from "./timeline-view-basics.js";
import { timelineViewControls } from "./timeline-view-controls.js";
import { timelineViewDetails } from "./timeline-view-details.js";
import { timelineViewDraw } from "./timeline-view-draw.js";
import { timelineViewLayout } from "./timeline-view-layout.js";

/**
 * The timeline view: plain browser JavaScript with no imports and no build step, which the HTML report inlines and the
 * live dashboard serves. It defines `globalThis.WeftTimelineView`:
 *
 * - `render(container, timeline, options?)` draws a Timeline (see ../timeline.ts) into `container`: a Gantt chart on
 *   a <canvas> (a lane per slot, or per tool with the "By tool" toggle), each attempt coloured by its outcome, each
 *   wait drawn before it as a thin strip coloured by its cause, the critical path outlined, a tooltip and lines to the
 *   dependencies on hover; below it, a list of the calls (`tr[data-call-id][data-status]`), shown a page at a time.
 *   Call it again with a newer snapshot of the same run: zoom, scroll, mode and hover are kept, the list rows reused.
 *   Options: `mode` ("slot" | "tool", the first render's only), `height` (px of the chart), `listPageSize`.
 * - `locate(container, callId)` gives the page coordinates of the call's bar (or null when it is not on screen).
 *
 * Every string from the timeline reaches the page through `textContent` or the canvas's `fillText`, never as HTML.
 * Its parts are `String.raw`, so that the browser sees backslashes as written; they hold no backtick, no `${` and no
 * closing script tag.
 *
 * The script is put together from its parts (basics, controls, layout, draw, details, and the API below) inside one
 * function, so that they share their names without leaking any but `WeftTimelineView`.
 */
const timelineViewApi: string = `
  function refresh(view, isLayoutStale) {
    if (isLayoutStale || view.layoutMode !== view.mode) {
      view.layout = computeLayout(view.timeline, view.mode);
      view.layoutMode = view.mode;
    }
    draw(view);
  }

  globalThis.WeftTimelineView = {
    render: function (container, timeline, options) {
      var view = views.get(container);
      if (!view) { view = createView(container, options || {}); views.set(container, view); }
      if (options && options.height) view.height0 = options.height;
      var isNew = view.timeline !== timeline;
      view.timeline = timeline;
      refresh(view, isNew);
      updateList(view);
      if (view.hoverId !== null && !view.layout.info.has(view.hoverId)) view.hoverId = null;
    },
    locate: function (container, callId) {
      var view = views.get(container);
      var info = view && view.layout && view.layout.info.get(callId);
      if (!info) return null;
      var row = info.row - view.firstRow;
      if (row < 0 || row >= visibleRows(view)) return null;
      var call = info.call;
      var start = call.attempts.length ? call.attempts[0].startMs : info.start;
      var end = call.attempts.length ? (call.attempts[0].endMs === null ? view.timeline.nowMs : call.attempts[0].endMs) : info.end;
      var x = (xOf(view, start) + xOf(view, end)) / 2;
      if (x < LABEL_WIDTH || x > view.width) return null;
      var bounds = view.overlay.getBoundingClientRect();
      return { x: bounds.left + x, y: bounds.top + rowY(view, info.row) + 2 + (ROW_HEIGHT - 9) / 2 };
    },
    colors: { outcomes: OUTCOME_COLORS, statuses: STATUS_COLORS, causes: CAUSE_COLORS },
    /** The view's own helpers, for the pages around it: an element with its text, and a duration in words. */
    element: element,
    formatMs: formatMs
  };
`;

/** The view's script, browser JavaScript: run it once per page, then call `WeftTimelineView.render`. */
export const timelineViewScript: string = [
  "(function () {",
  '  "use strict";',
  timelineViewBasics,
  timelineViewControls,
  timelineViewLayout,
  timelineViewDraw,
  timelineViewDetails,
  timelineViewApi,
  "})();",
].join("\n");

/** The view's CSS, every rule under `.weft-timeline`. */
export const timelineViewStyles: string = `
.weft-timeline { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; }
.weft-timeline .wt-toolbar { display: flex; gap: 6px; align-items: center; margin: 0 0 6px; flex-wrap: wrap; }
.weft-timeline button { font: inherit; padding: 2px 10px; border: 1px solid #c5c9d0; border-radius: 4px; background: #fff; cursor: pointer; }
.weft-timeline button[aria-pressed="true"] { background: #1f2937; color: #fff; border-color: #1f2937; }
.weft-timeline .wt-hint { color: #6b7280; font-size: 12px; margin-left: 8px; }
.weft-timeline .wt-legend { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; color: #4b5563; margin: 0 0 6px; }
.weft-timeline .wt-legend-item { display: inline-flex; align-items: center; gap: 4px; }
.weft-timeline .wt-swatch { display: inline-block; width: 12px; height: 10px; border-radius: 2px; vertical-align: middle; }
.weft-timeline .wt-swatch-wait { height: 4px; }
.weft-timeline .wt-swatch-critical { border: 2px solid #111827; width: 10px; height: 8px; }
.weft-timeline .wt-viewport { position: relative; border: 1px solid #d1d5db; border-radius: 4px; overflow: hidden; background: #fff; }
.weft-timeline .wt-canvas, .weft-timeline .wt-overlay { position: absolute; left: 0; top: 0; }
.weft-timeline .wt-overlay { cursor: crosshair; }
.weft-timeline .wt-tooltip { position: fixed; z-index: 2; max-width: 420px; padding: 6px 8px; background: #111827; color: #f9fafb;
  border-radius: 4px; font-size: 12px; pointer-events: none; white-space: pre-wrap; overflow-wrap: anywhere; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
.weft-timeline .wt-tip-title { font-weight: 600; margin-bottom: 2px; }
.weft-timeline .wt-tip-label { color: #9ca3af; }
.weft-timeline .wt-tip-error { color: #fca5a5; }
.weft-timeline .wt-calls { margin-top: 10px; }
.weft-timeline .wt-calls-summary { cursor: pointer; font-weight: 600; }
.weft-timeline .wt-filter { margin: 6px 0; padding: 3px 6px; width: 280px; font: inherit; }
.weft-timeline .wt-calls-table { border-collapse: collapse; width: 100%; font-size: 12px; }
.weft-timeline .wt-calls-table th { text-align: left; color: #6b7280; font-weight: 500; border-bottom: 1px solid #d1d5db; padding: 2px 6px; }
.weft-timeline .wt-calls-table td { padding: 2px 6px; border-bottom: 1px solid #f0f1f3; white-space: pre-wrap; overflow-wrap: anywhere; }
.weft-timeline .wt-calls-table tr:hover td { background: #f3f4f6; }
.weft-timeline tr.wt-status-failed td { color: #b91c1c; }
.weft-timeline tr.wt-critical td:nth-child(2) { font-weight: 600; }
.weft-timeline .wt-more { margin-top: 6px; }
`;
