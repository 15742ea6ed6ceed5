/**
 * Lays a Timeline out in rows: one per slot (`attempt.lane`), or per tool with as many rows as its attempts overlap.
 * Waits go on the row of the call's first attempt, calls that never ran get a mark where they ended.
 * Part of the timeline view's browser script (see timeline-view.ts): it runs inside the view's closure, where the
 * names of the other parts are in scope. No backtick, no `${`, no closing script tag.
 */
export const timelineViewLayout: string = `
  /** Rows (lanes) and what is drawn on each: attempts, waits, and marks for calls that never ran. */
  function computeLayout(timeline, mode) {
    var rows = [];
    var info = new Map();
    function addItem(row, item) { rows[row].items.push(item); }
    function end(value) { return value === null ? timeline.nowMs : value; }
    var calls = timeline.calls;
    if (mode === "slot") {
      var hasUnrun = calls.some(function (call) { return call.attempts.length === 0; });
      var offset = hasUnrun ? 1 : 0;
      if (hasUnrun) rows.push({ label: "did not run", items: [] });
      for (var lane = 1; lane <= Math.max(1, timeline.lanes); lane++) rows.push({ label: "slot " + lane, items: [] });
      calls.forEach(function (call) {
        var mainRow = 0;
        call.attempts.forEach(function (attempt, index) {
          var row = Math.min(rows.length - 1, offset + Math.max(1, attempt.lane) - 1);
          if (index === 0) mainRow = row;
          addItem(row, { call: call, kind: "attempt", outcome: attempt.outcome, start: attempt.startMs, end: end(attempt.endMs) });
        });
        placeWaitsAndInfo(call, mainRow);
      });
    } else {
      var tools = new Map();
      calls.forEach(function (call) {
        if (!tools.has(call.tool)) tools.set(call.tool, []);
        tools.get(call.tool).push(call);
      });
      Array.from(tools.keys()).sort().forEach(function (tool) {
        var first = rows.length;
        var ends = [];
        var attempts = [];
        tools.get(tool).forEach(function (call) {
          call.attempts.forEach(function (attempt) { attempts.push({ call: call, attempt: attempt }); });
        });
        attempts.sort(function (left, right) { return left.attempt.startMs - right.attempt.startMs; });
        var rowOf = new Map();
        attempts.forEach(function (entry) {
          var index = 0;
          while (index < ends.length && ends[index] > entry.attempt.startMs) index++;
          if (index === ends.length) { ends.push(0); rows.push({ label: index === 0 ? tool : "", items: [], isGroupStart: index === 0 }); }
          ends[index] = end(entry.attempt.endMs);
          if (!rowOf.has(entry.call.id)) rowOf.set(entry.call.id, first + index);
          addItem(first + index, { call: entry.call, kind: "attempt", outcome: entry.attempt.outcome, start: entry.attempt.startMs, end: end(entry.attempt.endMs) });
        });
        if (ends.length === 0) rows.push({ label: tool, items: [], isGroupStart: true });
        tools.get(tool).forEach(function (call) { placeWaitsAndInfo(call, rowOf.has(call.id) ? rowOf.get(call.id) : first); });
      });
    }
    function placeWaitsAndInfo(call, row) {
      call.waits.forEach(function (wait) {
        addItem(row, { call: call, kind: "wait", cause: wait.cause, start: wait.startMs, end: end(wait.endMs) });
      });
      var lastEnd = call.endMs;
      if (call.attempts.length === 0) {
        var at = call.endMs === null ? timeline.nowMs : call.endMs;
        addItem(row, { call: call, kind: "mark", start: at, end: at });
        lastEnd = at;
      }
      var firstStart = call.startMs !== null ? call.startMs : (call.waits.length > 0 ? call.waits[0].startMs : call.queuedMs);
      info.set(call.id, { call: call, row: row, start: call.startMs === null ? (lastEnd === null ? firstStart : lastEnd) : call.startMs, end: lastEnd === null ? timeline.nowMs : lastEnd });
    }
    rows.forEach(function (row) {
      // Waits first, so attempts are drawn over them and win the hit test.
      row.items.sort(function (left, right) { return (left.kind === "wait") === (right.kind === "wait") ? left.start - right.start : left.kind === "wait" ? -1 : 1; });
    });
    return { rows: rows, info: info };
  }

`;
