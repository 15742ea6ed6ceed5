/**
 * The report page's own script (browser JavaScript, no imports): reads the embedded Timeline and tool statistics and
 * fills the headline and the tools table with `textContent`, then draws the timeline with WeftTimelineView. It holds
 * no backtick, no `${` and no closing script tag.
 */
export const reportPageScript: string = `(function () {
  "use strict";
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var element = globalThis.WeftTimelineView.element;
  var formatMs = globalThis.WeftTimelineView.formatMs;
  var timeline = read("weft-timeline");
  var statistics = read("weft-tool-statistics");
  var page = read("weft-report-options");
  var colors = globalThis.WeftTimelineView.colors;

  document.title = page.title;
  document.getElementById("report-title").textContent = page.title;
  var meta = "run " + timeline.runId + " · started " + timeline.startedAt + " · concurrency " + timeline.concurrency;
  document.getElementById("report-meta").textContent = meta;

  var headline = document.getElementById("headline");
  function card(metric, label, value, note) {
    var node = element("div", "card");
    node.dataset.metric = metric;
    node.append(element("div", "card-label", label), element("div", "card-value", value));
    if (note) node.append(element("div", "card-note", note));
    headline.append(node);
    return node;
  }
  var status = card("status", "Status", timeline.status);
  status.querySelector(".card-value").style.color = colors.statuses[timeline.status] || "#1f2937";
  card("makespan", "Makespan", formatMs(timeline.makespanMs), "from the run's start to its last call's end");
  card("sequential", "One by one", formatMs(timeline.sequentialMs), "every call's running time added up");
  card("speedup", "Speedup", timeline.speedup.toFixed(2) + "×", "one by one ÷ makespan");
  card("lower-bound", "Lower bound", formatMs(timeline.lowerBoundMs),
    "no schedule could finish sooner (critical path " + formatMs(timeline.criticalPathMs) + ")");
  var counts = {};
  timeline.calls.forEach(function (call) { counts[call.status] = (counts[call.status] || 0) + 1; });
  var byStatus = card("calls", "Calls", String(timeline.calls.length));
  var list = element("div", "card-note");
  Object.keys(counts).sort().forEach(function (key) {
    var entry = element("span", "status-count", key + " " + counts[key]);
    entry.dataset.status = key;
    entry.style.color = colors.statuses[key] || "#1f2937";
    list.append(entry);
  });
  byStatus.append(list);

  var body = document.querySelector("#tool-statistics tbody");
  statistics.forEach(function (row) {
    var causes = Object.keys(row.queueMsByCause).sort().map(function (cause) {
      return cause + " " + formatMs(row.queueMsByCause[cause]);
    }).join(" · ");
    var values = [row.tool, String(row.calls), String(row.attempts), formatMs(row.p50Ms), formatMs(row.p95Ms),
      String(row.retries), String(row.cacheHits), String(row.failures), formatMs(row.queueMs), causes || "–"];
    var tr = element("tr");
    tr.dataset.tool = row.tool;
    values.forEach(function (value, index) { tr.append(element("td", index > 0 && index < 9 ? "number" : "", value)); });
    if (row.failures > 0) tr.className = "has-failures";
    body.append(tr);
  });
  if (statistics.length === 0) {
    var empty = element("td", "", "No calls.");
    empty.colSpan = 10;
    var tr = element("tr");
    tr.append(empty);
    body.append(tr);
  }

  globalThis.WeftTimelineView.render(document.getElementById("timeline"), timeline, {});
  document.body.dataset.ready = "true";
})();
`;
