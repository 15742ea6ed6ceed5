/**
 * What a person reads beside the bars: the hit test and tooltip on hover, and the calls list, whose rows are made
 * once per call and updated in place on each render.
 * Part of the timeline view's browser script (see timeline-view.ts): it runs inside the view's closure, where the
 * names of the other parts are in scope. No backtick, no `${`, no closing script tag.
 */
export const timelineViewDetails: string = String.raw`
  function hitTest(view, offsetX, offsetY) {
    if (offsetY < AXIS_HEIGHT || offsetX < LABEL_WIDTH) return null;
    var row = view.layout.rows[view.firstRow + Math.floor((offsetY - AXIS_HEIGHT) / ROW_HEIGHT)];
    if (!row) return null;
    var time = view.startMs + (offsetX - LABEL_WIDTH) / (view.width - LABEL_WIDTH) * span(view);
    var tolerance = 3 * span(view) / (view.width - LABEL_WIDTH);
    var best = null;
    var bestDistance = Infinity;
    for (var index = 0; index < row.items.length; index++) {
      var item = row.items[index];
      var distance = time < item.start ? item.start - time : time > item.end ? time - item.end : 0;
      // The nearest wins; on a tie the later one, as attempts and marks come after waits and are drawn over them.
      if (distance <= tolerance && distance <= bestDistance) { best = item; bestDistance = distance; }
    }
    return best;
  }

  function hover(view, event) {
    var item = hitTest(view, event.offsetX, event.offsetY);
    var id = item ? item.call.id : null;
    if (id !== view.hoverId) { view.hoverId = id; drawOverlay(view); }
    if (!item) { view.tooltip.hidden = true; return; }
    fillTooltip(view.tooltip, item.call, view.timeline);
    view.tooltip.hidden = false;
    // Fixed to the window, so that a tall tooltip is not cut off by a short chart.
    var left = Math.min(event.clientX + 14, window.innerWidth - view.tooltip.offsetWidth - 4);
    var below = event.clientY + 16;
    var top = below + view.tooltip.offsetHeight > window.innerHeight ? event.clientY - view.tooltip.offsetHeight - 8 : below;
    view.tooltip.style.left = Math.max(0, left) + "px";
    view.tooltip.style.top = Math.max(0, top) + "px";
  }

  function fillTooltip(tooltip, call, timeline) {
    var lines = [];
    function line(label, value) {
      var node = element("div", "wt-tip-line");
      node.append(element("span", "wt-tip-label", label), document.createTextNode(value));
      lines.push(node);
    }
    var title = element("div", "wt-tip-title", call.id);
    var flags = [];
    if (call.isCached) flags.push("cached");
    if (call.isDeduplicated) flags.push("shared");
    if (call.isHedged) flags.push("hedged");
    if (call.isOnCriticalPath) flags.push("on the critical path");
    line("tool ", call.tool);
    var status = element("div", "wt-tip-line wt-tip-status");
    status.append(swatch(STATUS_COLORS[call.status] || "#666"), document.createTextNode(call.status + (flags.length ? " · " + flags.join(", ") : "")));
    status.dataset.status = call.status;
    lines.push(status);
    line("queued ", formatMs(call.queuedMs));
    line("started ", formatMs(call.startMs));
    line("ended ", call.endMs === null ? "not yet" : formatMs(call.endMs));
    var ran = 0;
    call.attempts.forEach(function (attempt) { ran += (attempt.endMs === null ? timeline.nowMs : attempt.endMs) - attempt.startMs; });
    line("ran ", formatMs(ran) + " in " + call.attempts.length + " attempt" + (call.attempts.length === 1 ? "" : "s") + (call.retries ? ", " + call.retries + " retried" : ""));
    var byCause = new Map();
    call.waits.forEach(function (wait) {
      byCause.set(wait.cause, (byCause.get(wait.cause) || 0) + (wait.endMs === null ? timeline.nowMs : wait.endMs) - wait.startMs);
    });
    if (byCause.size) {
      line("waited ", Array.from(byCause, function (entry) { return entry[0] + " " + formatMs(entry[1]); }).join(", "));
    }
    if (call.dependencies.length) {
      var shown = call.dependencies.slice(0, 8).join(", ");
      line("after ", shown + (call.dependencies.length > 8 ? " and " + (call.dependencies.length - 8) + " more" : ""));
    }
    if (call.error) {
      var message = call.error.code + ": " + call.error.message;
      var error = element("div", "wt-tip-line wt-tip-error", message.length > 400 ? message.slice(0, 400) + "…" : message);
      lines.push(error);
    }
    tooltip.replaceChildren.apply(tooltip, [title].concat(lines));
  }

  function updateList(view) {
    var calls = view.timeline.calls;
    var needle = view.filter.trim().toLowerCase();
    var matched = needle === "" ? calls : calls.filter(function (call) {
      return (call.id + " " + call.tool + " " + call.status).toLowerCase().indexOf(needle) >= 0;
    });
    var shown = matched.slice(0, view.shown);
    var fragment = document.createDocumentFragment();
    shown.forEach(function (call) {
      var entry = view.rowsById.get(call.id);
      if (!entry) {
        var row = element("tr");
        row.dataset.callId = call.id;
        var cells = [];
        for (var index = 0; index < 9; index++) { cells.push(element("td")); row.append(cells[index]); }
        cells[0].append(swatch("#666", "wt-swatch wt-status-swatch"));
        entry = { row: row, cells: cells, key: "" };
        view.rowsById.set(call.id, entry);
      }
      var ran = 0;
      call.attempts.forEach(function (attempt) { ran += (attempt.endMs === null ? view.timeline.nowMs : attempt.endMs) - attempt.startMs; });
      var waited = 0;
      call.waits.forEach(function (wait) { waited += (wait.endMs === null ? view.timeline.nowMs : wait.endMs) - wait.startMs; });
      var values = [call.tool, call.status + (call.isCached ? " (cached)" : ""), formatMs(waited), formatMs(call.startMs), formatMs(ran), String(call.attempts.length), call.error ? call.error.code + ": " + call.error.message : ""];
      var key = values.join("\u0000");
      if (key !== entry.key) {
        entry.key = key;
        entry.row.dataset.status = call.status;
        entry.row.className = "wt-status-" + call.status + (call.isOnCriticalPath ? " wt-critical" : "");
        entry.cells[0].firstChild.style.backgroundColor = STATUS_COLORS[call.status] || "#666";
        entry.cells[1].textContent = call.id;
        for (var column = 0; column < values.length; column++) entry.cells[column + 2].textContent = values[column];
      }
      fragment.append(entry.row);
    });
    view.tbody.replaceChildren(fragment);
    view.summary.textContent = "Calls: " + calls.length + (needle === "" ? "" : " (" + matched.length + " match)") +
      (shown.length < matched.length ? ", showing the first " + shown.length : "");
    var rest = matched.length - shown.length;
    view.more.hidden = rest <= 0;
    view.more.textContent = "Show " + Math.min(rest, Math.max(500, view.pageSize)) + " more (" + rest + " not shown)";
    view.root.dataset.callCount = String(calls.length);
  }

`;
