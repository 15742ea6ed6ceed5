/**
 * The view's colours, sizes and small helpers: every element is made by `element`, which sets text with
 * `textContent` only.
 * Part of the timeline view's browser script (see timeline-view.ts): it runs inside the view's closure, where the
 * names of the other parts are in scope. No backtick, no `${`, no closing script tag.
 */
export const timelineViewBasics: string = `
  var OUTCOME_COLORS = { succeeded: "#2f9e5b", failed: "#d93636", retried: "#e8912d", abandoned: "#8d6cc9", cancelled: "#8b8f97", running: "#3b82f6" };
  var STATUS_COLORS = { succeeded: "#2f9e5b", failed: "#d93636", skipped: "#b0b4bb", cancelled: "#8b8f97", waiting: "#c9a93a", running: "#3b82f6" };
  var CAUSE_COLORS = { dependency: "#a5b4fc", concurrency: "#fcd34d", "tool-limit": "#fca5a5", backoff: "#f9a8d4", batch: "#7dd3fc", pool: "#bef264", lock: "#d8b4fe", rate: "#fdba74" };
  var ROW_HEIGHT = 18;
  var AXIS_HEIGHT = 24;
  var LABEL_WIDTH = 130;
  var views = new WeakMap();

  function causeKind(cause) { var index = cause.indexOf(":"); return index < 0 ? cause : cause.slice(0, index); }
  function causeColor(cause) { return CAUSE_COLORS[causeKind(cause)] || "#d1d5db"; }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function formatMs(ms) {
    if (ms === null || ms === undefined) return "–";
    if (ms < 10) return (Math.round(ms * 100) / 100) + " ms";
    if (ms < 1000) return Math.round(ms) + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(2) + " s";
    return (ms / 60000).toFixed(1) + " min";
  }
  function swatch(color, className) {
    var node = element("span", className || "wt-swatch");
    node.style.backgroundColor = color;
    return node;
  }

`;
