/**
 * The view's DOM (toolbar, legend, canvases, tooltip, calls list) and its controls: mode toggle, zoom, pan, lane
 * scrolling, filter, "show more".
 * Part of the timeline view's browser script (see timeline-view.ts): it runs inside the view's closure, where the
 * names of the other parts are in scope. No backtick, no `${`, no closing script tag.
 */
export const timelineViewControls: string = `
  function createView(container, options) {
    var view = {
      mode: options.mode === "tool" ? "tool" : "slot",
      height: options.height,
      pageSize: options.listPageSize || 200,
      shown: options.listPageSize || 200,
      startMs: 0, spanMs: null, firstRow: 0,
      hoverId: null, timeline: null, layout: null, layoutMode: null,
      filter: "", rowsById: new Map(), drag: null
    };
    var root = element("div", "weft-timeline");
    var toolbar = element("div", "wt-toolbar");
    var bySlot = element("button", "wt-mode", "By slot");
    var byTool = element("button", "wt-mode", "By tool");
    bySlot.type = byTool.type = "button";
    bySlot.dataset.mode = "slot";
    byTool.dataset.mode = "tool";
    var zoomIn = element("button", "wt-zoom", "+");
    var zoomOut = element("button", "wt-zoom", "−");
    var fit = element("button", "wt-zoom", "Fit");
    zoomIn.type = zoomOut.type = fit.type = "button";
    zoomIn.title = "Zoom in (Ctrl + wheel)";
    zoomOut.title = "Zoom out";
    fit.title = "Show the whole run";
    toolbar.append(bySlot, byTool, zoomIn, zoomOut, fit,
      element("span", "wt-hint", "Ctrl+wheel: zoom · drag: pan · wheel: scroll lanes · hover: details"));
    var legend = element("div", "wt-legend");
    Object.keys(OUTCOME_COLORS).forEach(function (outcome) {
      var item = element("span", "wt-legend-item");
      item.append(swatch(OUTCOME_COLORS[outcome]), document.createTextNode(outcome));
      legend.append(item);
    });
    Object.keys(CAUSE_COLORS).forEach(function (cause) {
      var item = element("span", "wt-legend-item");
      item.append(swatch(CAUSE_COLORS[cause], "wt-swatch wt-swatch-wait"), document.createTextNode("waiting: " + cause));
      legend.append(item);
    });
    var critical = element("span", "wt-legend-item");
    critical.append(element("span", "wt-swatch wt-swatch-critical"), document.createTextNode("critical path"));
    legend.append(critical);

    var viewport = element("div", "wt-viewport");
    var canvas = element("canvas", "wt-canvas");
    var overlay = element("canvas", "wt-overlay");
    var tooltip = element("div", "wt-tooltip");
    tooltip.setAttribute("role", "tooltip");
    tooltip.hidden = true;
    viewport.append(canvas, overlay, tooltip);

    var list = element("details", "wt-calls");
    list.open = options.listOpen !== false;
    var summary = element("summary", "wt-calls-summary");
    var filter = element("input", "wt-filter");
    filter.type = "search";
    filter.placeholder = "Filter calls by id, tool or status";
    var table = element("table", "wt-calls-table");
    var head = element("tr");
    ["", "Call", "Tool", "Status", "Waited", "Started", "Ran", "Attempts", "Error"].forEach(function (title) {
      head.append(element("th", "", title));
    });
    var thead = element("thead");
    thead.append(head);
    var tbody = element("tbody");
    table.append(thead, tbody);
    var more = element("button", "wt-more");
    more.type = "button";
    list.append(summary, filter, table, more);
    root.append(toolbar, legend, viewport, list);
    container.append(root);

    Object.assign(view, { root: root, viewport: viewport, canvas: canvas, overlay: overlay, tooltip: tooltip,
      summary: summary, tbody: tbody, more: more, bySlot: bySlot, byTool: byTool });

    function setMode(mode) { view.mode = mode; view.firstRow = 0; refresh(view, true); }
    bySlot.addEventListener("click", function () { setMode("slot"); });
    byTool.addEventListener("click", function () { setMode("tool"); });
    zoomIn.addEventListener("click", function () { zoom(view, 0.5, 0.5); });
    zoomOut.addEventListener("click", function () { zoom(view, 2, 0.5); });
    fit.addEventListener("click", function () { view.spanMs = null; view.startMs = 0; view.firstRow = 0; draw(view); });
    filter.addEventListener("input", function () { view.filter = filter.value; view.shown = view.pageSize; updateList(view); });
    more.addEventListener("click", function () { view.shown += Math.max(500, view.pageSize); updateList(view); });
    tbody.addEventListener("mouseover", function (event) {
      var row = event.target.closest && event.target.closest("tr[data-call-id]");
      if (row) { view.hoverId = row.dataset.callId; drawOverlay(view); }
    });
    tbody.addEventListener("mouseleave", function () { view.hoverId = null; drawOverlay(view); });

    overlay.addEventListener("wheel", function (event) {
      var plotWidth = Math.max(1, view.width - LABEL_WIDTH);
      var anchor = Math.min(1, Math.max(0, (event.offsetX - LABEL_WIDTH) / plotWidth));
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        zoom(view, event.deltaY > 0 ? 1.25 : 0.8, anchor);
      } else if (Math.abs(event.deltaX) > Math.abs(event.deltaY) || event.shiftKey) {
        event.preventDefault();
        pan(view, (event.shiftKey ? event.deltaY : event.deltaX) / plotWidth * span(view));
      } else if (view.layout && view.layout.rows.length > visibleRows(view)) {
        var maxFirst = view.layout.rows.length - visibleRows(view);
        var next = Math.max(0, Math.min(maxFirst, view.firstRow + (event.deltaY > 0 ? 3 : -3)));
        if (next !== view.firstRow) { event.preventDefault(); view.firstRow = next; draw(view); }
      }
    }, { passive: false });
    overlay.addEventListener("mousedown", function (event) {
      view.drag = { x: event.clientX, y: event.clientY, startMs: view.startMs, firstRow: view.firstRow };
    });
    window.addEventListener("mouseup", function () { view.drag = null; });
    overlay.addEventListener("mousemove", function (event) {
      if (view.drag) {
        var plotWidth = Math.max(1, view.width - LABEL_WIDTH);
        var spanMs = span(view);
        view.spanMs = spanMs;
        view.startMs = view.drag.startMs - (event.clientX - view.drag.x) / plotWidth * spanMs;
        var rowShift = Math.round((view.drag.y - event.clientY) / ROW_HEIGHT);
        var maxFirst = Math.max(0, view.layout.rows.length - visibleRows(view));
        view.firstRow = Math.max(0, Math.min(maxFirst, view.drag.firstRow + rowShift));
        draw(view);
        return;
      }
      hover(view, event);
    });
    overlay.addEventListener("mouseleave", function () { view.hoverId = null; view.tooltip.hidden = true; drawOverlay(view); });
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(function () { if (view.timeline) draw(view); }).observe(viewport);
    }
    return view;
  }

  function fullSpan(view) {
    var timeline = view.timeline;
    return Math.max(1, timeline.nowMs, timeline.makespanMs) * 1.02;
  }
  function span(view) { return view.spanMs === null ? fullSpan(view) : view.spanMs; }
  function visibleRows(view) { return Math.max(1, Math.floor((view.height - AXIS_HEIGHT) / ROW_HEIGHT)); }
  function zoom(view, factor, anchor) {
    var current = span(view);
    var next = Math.max(0.05, Math.min(fullSpan(view) * 4, current * factor));
    view.startMs = view.startMs + (current - next) * anchor;
    view.spanMs = next;
    draw(view);
  }
  function pan(view, deltaMs) { view.spanMs = span(view); view.startMs += deltaMs; draw(view); }

`;
