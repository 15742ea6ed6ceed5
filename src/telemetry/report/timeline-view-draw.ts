/**
 * Draws the chart on its canvas (bars batched by colour, whole pixels) and the hover overlay: the hovered call
 * outlined and lines from each of its dependencies.
 * Part of the timeline view's browser script (see timeline-view.ts): it runs inside the view's closure, where the
 * names of the other parts are in scope. No backtick, no `${`, no closing script tag.
 */
export const timelineViewDraw: string = `
  function prepareCanvas(view, canvas) {
    var ratio = window.devicePixelRatio || 1;
    var width = Math.round(view.width * ratio);
    var height = Math.round(view.height * ratio);
    if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
    canvas.style.width = view.width + "px";
    canvas.style.height = view.height + "px";
    var context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, view.width, view.height);
    return context;
  }

  function xOf(view, time) { return LABEL_WIDTH + (time - view.startMs) * (view.width - LABEL_WIDTH) / span(view); }

  function draw(view) {
    var layout = view.layout;
    var wanted = view.height0 || Math.max(96, Math.min(560, AXIS_HEIGHT + layout.rows.length * ROW_HEIGHT + 6));
    view.viewport.style.height = wanted + "px";
    view.width = Math.max(200, view.viewport.clientWidth || 800);
    view.height = wanted;
    view.firstRow = Math.max(0, Math.min(view.firstRow, layout.rows.length - visibleRows(view)));
    var context = prepareCanvas(view, view.canvas);
    var startMs = view.startMs;
    var endMs = startMs + span(view);
    var scale = (view.width - LABEL_WIDTH) / span(view);
    var lastRow = Math.min(layout.rows.length, view.firstRow + visibleRows(view) + 1);
    context.font = "11px system-ui, sans-serif";
    context.textBaseline = "middle";
    var drawn = 0;
    var critical = [];
    var marks = [];
    // Rectangles gathered by colour and filled as one path each: one style change per colour, not per bar.
    var buckets = new Map();
    function bucket(color) {
      var rectangles = buckets.get(color);
      if (!rectangles) { rectangles = []; buckets.set(color, rectangles); }
      return rectangles;
    }
    for (var rowIndex = view.firstRow; rowIndex < lastRow; rowIndex++) {
      var row = layout.rows[rowIndex];
      var y = AXIS_HEIGHT + (rowIndex - view.firstRow) * ROW_HEIGHT;
      if (rowIndex % 2 === 1) { context.fillStyle = "#f6f7f9"; context.fillRect(0, y, view.width, ROW_HEIGHT); }
      if (row.isGroupStart && rowIndex > view.firstRow) { context.fillStyle = "#c5c9d0"; context.fillRect(0, y, view.width, 1); }
      context.fillStyle = "#374151";
      if (row.label) context.fillText(truncate(context, row.label, LABEL_WIDTH - 10), 6, y + ROW_HEIGHT / 2);
      var items = row.items;
      for (var index = 0; index < items.length; index++) {
        var item = items[index];
        if (item.end < startMs || item.start > endMs) continue;
        // Whole pixels: crisp edges, and a colour that stays its own however narrow the bar.
        var x = Math.round(LABEL_WIDTH + (item.start - startMs) * scale);
        var width = Math.max(1, Math.round(LABEL_WIDTH + (item.end - startMs) * scale) - x);
        if (item.kind === "wait") {
          bucket(causeColor(item.cause)).push(x, y + ROW_HEIGHT - 6, width, 4);
        } else if (item.kind === "attempt") {
          // A failure stays in sight however short it was.
          if (item.outcome === "failed") width = Math.max(3, width);
          bucket(OUTCOME_COLORS[item.outcome] || "#666").push(x, y + 2, width, ROW_HEIGHT - 9);
          drawn++;
          if (item.call.isOnCriticalPath) critical.push([x, y + 2, width, ROW_HEIGHT - 9]);
        } else {
          marks.push([STATUS_COLORS[item.call.status] || "#666", x, y]);
          drawn++;
        }
      }
    }
    context.save();
    context.beginPath();
    context.rect(LABEL_WIDTH, AXIS_HEIGHT, view.width - LABEL_WIDTH, view.height - AXIS_HEIGHT);
    context.clip();
    buckets.forEach(function (rectangles, color) {
      context.fillStyle = color;
      context.beginPath();
      for (var index = 0; index < rectangles.length; index += 4) {
        context.rect(rectangles[index], rectangles[index + 1], rectangles[index + 2], rectangles[index + 3]);
      }
      context.fill();
    });
    marks.forEach(function (mark) {
      var x = mark[1], y = mark[2];
      context.fillStyle = mark[0];
      context.beginPath();
      context.moveTo(x, y + 3); context.lineTo(x + 4, y + 8); context.lineTo(x, y + 13); context.lineTo(x - 4, y + 8);
      context.fill();
    });
    context.restore();
    context.save();
    context.beginPath();
    context.rect(LABEL_WIDTH, AXIS_HEIGHT, view.width - LABEL_WIDTH, view.height - AXIS_HEIGHT);
    context.clip();
    context.strokeStyle = "#111827";
    context.lineWidth = 1.5;
    critical.forEach(function (box) { context.strokeRect(box[0] + 0.5, box[1] - 0.5, Math.max(1, box[2] - 1), box[3] + 1); });
    if (view.timeline.status === "running") {
      var nowX = xOf(view, view.timeline.nowMs);
      context.fillStyle = "#3b82f6";
      context.fillRect(nowX, AXIS_HEIGHT, 1, view.height - AXIS_HEIGHT);
    }
    context.restore();
    drawAxis(view, context, startMs, endMs, scale);
    view.root.dataset.drawnBars = String(drawn);
    view.root.dataset.mode = view.mode;
    view.bySlot.setAttribute("aria-pressed", String(view.mode === "slot"));
    view.byTool.setAttribute("aria-pressed", String(view.mode === "tool"));
    drawOverlay(view);
  }

  function truncate(context, text, width) {
    if (context.measureText(text).width <= width) return text;
    var low = 0, high = text.length;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (context.measureText(text.slice(0, middle) + "…").width <= width) low = middle; else high = middle - 1;
    }
    return text.slice(0, low) + "…";
  }

  function drawAxis(view, context, startMs, endMs, scale) {
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, view.width, AXIS_HEIGHT);
    context.fillStyle = "#d1d5db";
    context.fillRect(0, AXIS_HEIGHT - 1, view.width, 1);
    context.fillRect(LABEL_WIDTH - 1, 0, 1, view.height);
    var rough = (endMs - startMs) / Math.max(2, (view.width - LABEL_WIDTH) / 90);
    var power = Math.pow(10, Math.floor(Math.log10(rough)));
    var step = [1, 2, 5, 10].map(function (factor) { return factor * power; }).find(function (value) { return value >= rough; });
    context.fillStyle = "#6b7280";
    context.textBaseline = "middle";
    for (var tick = Math.ceil(startMs / step) * step; tick <= endMs; tick += step) {
      var x = LABEL_WIDTH + (tick - startMs) * scale;
      context.fillRect(x, AXIS_HEIGHT - 6, 1, 6);
      context.fillText(formatMs(tick), x + 3, AXIS_HEIGHT / 2 - 2);
    }
    context.fillStyle = "#374151";
    context.fillText(view.mode === "slot" ? "Lanes (slots)" : "Lanes (tools)", 6, AXIS_HEIGHT / 2 - 2);
  }

  function rowY(view, row) { return AXIS_HEIGHT + (row - view.firstRow) * ROW_HEIGHT; }

  function drawOverlay(view) {
    if (!view.layout) return;
    var context = prepareCanvas(view, view.overlay);
    var hovered = view.hoverId === null ? undefined : view.layout.info.get(view.hoverId);
    view.root.dataset.hoverCallId = hovered ? hovered.call.id : "";
    if (!hovered) return;
    context.save();
    context.beginPath();
    context.rect(LABEL_WIDTH, AXIS_HEIGHT, view.width - LABEL_WIDTH, view.height - AXIS_HEIGHT);
    context.clip();
    var y = rowY(view, hovered.row);
    context.strokeStyle = "#111827";
    context.lineWidth = 2;
    var x0 = xOf(view, hovered.start);
    context.strokeRect(x0 - 1, y + 1, Math.max(3, xOf(view, hovered.end) - x0 + 2), ROW_HEIGHT - 7);
    context.strokeStyle = "rgba(17, 24, 39, 0.75)";
    context.fillStyle = "rgba(17, 24, 39, 0.75)";
    context.lineWidth = 1.25;
    hovered.call.dependencies.forEach(function (id) {
      var dependency = view.layout.info.get(id);
      if (!dependency) return;
      var fromX = xOf(view, dependency.end);
      var fromY = rowY(view, dependency.row) + ROW_HEIGHT / 2 - 2;
      var toX = x0;
      var toY = y + ROW_HEIGHT / 2 - 2;
      context.beginPath();
      context.moveTo(fromX, fromY);
      context.bezierCurveTo(fromX + 30, fromY, toX - 30, toY, toX, toY);
      context.stroke();
      context.beginPath();
      context.moveTo(toX, toY); context.lineTo(toX - 6, toY - 4); context.lineTo(toX - 6, toY + 4);
      context.fill();
      context.strokeRect(fromX - 1, fromY - 5, 2, 10);
    });
    context.restore();
  }

`;
