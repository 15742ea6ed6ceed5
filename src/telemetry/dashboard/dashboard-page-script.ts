/**
 * The dashboard page's own code, run in the browser. It reads its token from the page's URL, follows `events` (a
 * `snapshot` per update) and draws everything with textContent and DOM nodes, never with HTML strings: a call id or a
 * tool name that holds markup shows as text. Kept as a string so that the page is one self-contained response.
 */
export const dashboardPageScript = `
(function () {
  "use strict";
  var token = new URLSearchParams(location.search).get("token") || "";
  var state = { snapshot: null, receivedAt: 0, runId: null, source: null };
  var $ = function (id) { return document.getElementById(id); };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attributes) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (var name in attributes) node.setAttribute(name, String(attributes[name]));
    return node;
  }

  function duration(ms) {
    if (ms === null || ms === undefined || !isFinite(ms)) return "–";
    if (ms < 1000) return Math.round(ms) + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(1) + " s";
    return Math.floor(ms / 60000) + " min " + Math.round((ms % 60000) / 1000) + " s";
  }

  function setConnection(connection, text) {
    var node = $("connection");
    node.dataset.state = connection;
    node.textContent = text;
  }

  function withToken(path) {
    return path + (path.indexOf("?") >= 0 ? "&" : "?") + "token=" + encodeURIComponent(token);
  }

  function connect() {
    if (state.source) state.source.close();
    var path = "events" + (state.runId ? "?run=" + encodeURIComponent(state.runId) : "");
    var source = new EventSource(withToken(path));
    state.source = source;
    setConnection("connecting", "connecting…");
    source.addEventListener("open", function () { setConnection("live", "live"); });
    source.addEventListener("snapshot", function (message) {
      setConnection("live", "live");
      state.snapshot = JSON.parse(message.data);
      state.receivedAt = performance.now();
      render();
    });
    source.addEventListener("error", function () {
      // EventSource does not say why it failed: ask once whether the server refuses us.
      fetch(withToken("api/runs"), { cache: "no-store" }).then(function (response) {
        if (response.status === 403) {
          source.close();
          setConnection("refused", "refused: the token of this URL is not valid (403)");
        } else if (source.readyState !== EventSource.OPEN) {
          setConnection("reconnecting", "reconnecting…");
        }
      }, function () { setConnection("reconnecting", "disconnected, retrying…"); });
    });
  }

  function select(runId) {
    state.runId = runId;
    connect();
  }

  /** Time since the selected run started, moving on between snapshots. */
  function elapsedNow() {
    var selected = state.snapshot && state.snapshot.selected;
    if (!selected) return 0;
    if (selected.timeline.status !== "running") return selected.elapsedMs;
    return selected.elapsedMs + (performance.now() - state.receivedAt);
  }

  function render() {
    var snapshot = state.snapshot;
    renderRuns(snapshot.runs, snapshot.selected ? snapshot.selected.runId : null);
    var selected = snapshot.selected;
    $("empty").hidden = selected !== null;
    $("run").hidden = selected === null;
    renderUsage(snapshot);
    if (selected === null) return;
    var timeline = selected.timeline;
    $("run-title").textContent = timeline.runId;
    var status = $("run-status");
    status.textContent = timeline.status;
    status.dataset.status = timeline.status;
    $("run-stats").textContent =
      timeline.calls.length + " calls · makespan " + duration(timeline.makespanMs) +
      " · speedup " + timeline.speedup.toFixed(2) + "× · critical path " + duration(timeline.criticalPathMs) +
      " · concurrency " + timeline.concurrency;
    renderRunning(timeline);
    renderQueue(timeline);
    renderFailed(timeline);
    renderTimeline(timeline);
  }

  function renderRuns(runs, selectedId) {
    var list = $("runs");
    list.replaceChildren();
    if (runs.length === 0) list.append(element("li", "muted", "No runs yet."));
    runs.forEach(function (run) {
      var item = element("li", "run" + (run.runId === selectedId ? " selected" : ""));
      item.dataset.runId = run.runId;
      item.dataset.status = run.status;
      var button = element("button");
      button.type = "button";
      button.append(element("span", "run-id", run.runId));
      button.append(element("span", "badge", run.status));
      var counts = run.counts;
      button.append(element("span", "run-detail",
        duration(run.status === "running" ? run.elapsedMs : run.makespanMs) + " · " +
        run.speedup.toFixed(2) + "× · " + counts.running + " running, " + counts.waiting + " waiting, " +
        counts.succeeded + " ok" + (counts.failed ? ", " + counts.failed + " failed" : "")));
      button.addEventListener("click", function () { select(run.runId); });
      item.append(button);
      list.append(item);
    });
  }

  function runningAttempt(call) {
    for (var index = call.attempts.length - 1; index >= 0; index--) {
      if (call.attempts[index].endMs === null) return call.attempts[index];
    }
    return null;
  }

  function renderRunning(timeline) {
    var body = $("running-body");
    body.replaceChildren();
    var running = timeline.calls.filter(function (call) { return call.status === "running"; });
    $("running-count").textContent = String(running.length);
    running.forEach(function (call) {
      var row = element("tr");
      row.dataset.callId = call.id;
      var attempt = runningAttempt(call);
      row.append(element("td", "mono", call.id), element("td", "mono", call.tool));
      var since = element("td", "since");
      since.dataset.startMs = String(attempt ? attempt.startMs : call.startMs);
      row.append(since, element("td", "", attempt && attempt.attempt > 1 ? "attempt " + attempt.attempt : ""));
      body.append(row);
    });
    if (running.length === 0) body.append(emptyRow(4, "Nothing running."));
    tick();
  }

  function tick() {
    var now = elapsedNow();
    document.querySelectorAll("#running-body td.since").forEach(function (cell) {
      cell.textContent = duration(Math.max(0, now - Number(cell.dataset.startMs)));
    });
  }

  function renderQueue(timeline) {
    var groups = new Map();
    timeline.calls.forEach(function (call) {
      if (call.status !== "waiting") return;
      var open = call.waits.length ? call.waits[call.waits.length - 1] : null;
      var cause = open && open.endMs === null ? open.cause : "concurrency";
      if (!groups.has(cause)) groups.set(cause, []);
      groups.get(cause).push(call.id);
    });
    var list = $("queue");
    list.replaceChildren();
    var total = 0;
    groups.forEach(function (ids, cause) {
      total += ids.length;
      var item = element("li");
      item.dataset.cause = cause;
      item.append(element("span", "count", ids.length), element("span", "mono cause", cause));
      item.append(element("span", "muted ids", ids.slice(0, 5).join(", ") + (ids.length > 5 ? ", …" : "")));
      list.append(item);
    });
    $("queue-count").textContent = String(total);
    if (total === 0) list.append(element("li", "muted", "Nothing waits."));
  }

  /** Failed calls stay listed, with their error, however long the run goes on. */
  function renderFailed(timeline) {
    var body = $("failed-body");
    body.replaceChildren();
    var failed = timeline.calls.filter(function (call) { return call.status === "failed"; });
    $("failed").hidden = failed.length === 0;
    $("failed-count").textContent = String(failed.length);
    failed.slice(-200).forEach(function (call) {
      var row = element("tr", "call");
      row.dataset.callId = call.id;
      row.dataset.status = call.status;
      var status = element("td");
      status.append(element("span", "badge", call.status));
      var ran = call.endMs !== null && call.startMs !== null ? duration(call.endMs - call.startMs) : "";
      var notes = call.error ? call.error.code + ": " + call.error.message : "";
      if (call.retries) notes += " (after " + call.retries + " retries)";
      row.append(element("td", "mono", call.id), element("td", "mono", call.tool), status,
        element("td", "", ran), element("td", "note", notes));
      body.append(row);
    });
  }

  function emptyRow(columns, text) {
    var row = element("tr");
    var cell = element("td", "muted", text);
    cell.colSpan = columns;
    row.append(cell);
    return row;
  }

  function renderTimeline(timeline) {
    var container = $("timeline");
    if (globalThis.WeftTimelineView) {
      globalThis.WeftTimelineView.render(container, timeline, { height: 240 });
      return;
    }
    // Without the report's view: one bar per call, from its start to its end (or now).
    container.replaceChildren();
    var span = Math.max(timeline.nowMs, timeline.makespanMs, 1);
    timeline.calls.slice(-300).forEach(function (call) {
      var row = element("div", "bar-row");
      row.dataset.status = call.status;
      row.append(element("span", "bar-label mono", call.id));
      var track = element("div", "bar-track");
      if (call.startMs !== null) {
        var bar = element("div", "bar");
        bar.style.left = (100 * call.startMs / span) + "%";
        bar.style.width = Math.max(0.3, 100 * ((call.endMs === null ? timeline.nowMs : call.endMs) - call.startMs) / span) + "%";
        bar.title = call.id + " (" + call.tool + "): " + call.status;
        track.append(bar);
      }
      row.append(track);
      container.append(row);
    });
  }

  function steps(points, width, height, fromMs, toMs, maxY) {
    var span = Math.max(1, toMs - fromMs);
    var x = function (time) { return (width * (time - fromMs) / span).toFixed(1); };
    var y = function (value) { return (height - height * Math.min(value, maxY) / Math.max(1, maxY)).toFixed(1); };
    var path = [];
    points.forEach(function (point, index) {
      if (index === 0) path.push("M" + x(point[0]) + "," + y(point[1]));
      else path.push("H" + x(point[0]) + "V" + y(point[1]));
    });
    if (points.length) path.push("H" + x(toMs));
    return path.join("");
  }

  function chart(title, points, capacity, fromMs, toMs, className) {
    var figure = element("figure", "chart");
    var peak = points.reduce(function (high, point) { return Math.max(high, point[1]); }, 0);
    var maxY = Math.max(capacity, peak, 1);
    var last = points.length ? points[points.length - 1][1] : 0;
    figure.append(element("figcaption", "", title + ": " + last + " of " + capacity + " now, peak " + peak + ", over " + duration(toMs - fromMs)));
    var width = 600, height = 80;
    var drawing = svg("svg", { viewBox: "0 0 " + width + " " + height, preserveAspectRatio: "none", role: "img" });
    drawing.append(svg("line", { x1: 0, x2: width, y1: (height - height * capacity / maxY).toFixed(1),
      y2: (height - height * capacity / maxY).toFixed(1), class: "capacity" }));
    drawing.append(svg("path", { d: steps(points, width, height, fromMs, toMs, maxY), class: "line " + className }));
    figure.append(drawing);
    return figure;
  }

  function renderUsage(snapshot) {
    var container = $("usage");
    container.replaceChildren();
    var usage = snapshot.usage;
    if (usage.length === 0) {
      container.append(element("p", "muted", "No usage yet."));
      return;
    }
    var fromMs = usage[0].timeMs, toMs = snapshot.nowMs;
    var latest = usage[usage.length - 1];
    container.append(chart("slots in use", usage.map(function (sample) { return [sample.timeMs, sample.running]; }),
      latest.concurrency, fromMs, toMs, "slots"));
    Object.keys(latest.pools).forEach(function (name) {
      var points = usage.filter(function (sample) { return sample.pools[name]; })
        .map(function (sample) { return [sample.timeMs, sample.pools[name].inUse]; });
      var pool = latest.pools[name];
      var figure = chart("pool " + name, points, pool.capacity, fromMs, toMs, "pool");
      if (pool.waiting) figure.append(element("p", "muted", pool.waiting + " waiting for room"));
      container.append(figure);
    });
  }

  setInterval(function () { if (state.snapshot) tick(); }, 500);
  connect();
})();
`;
