// One Timeline for the HTML report from an agent's events: weft runs each turn's tool calls (or the planner's plan) as
// a run of its own; here they are put on the agent's clock side by side, with each model turn as a row of its own, so
// that the report shows where all of the agent's time went, the model's included.
import { TimelineBuilder } from "weft";

const modelRow = "model (simulated)";

export class AgentTimeline {
  #builder = new TimelineBuilder();
  #runId;
  #hasStarted = false;
  /** The tool calls each model turn asked for, by turn. */
  #callsOfTurn = new Map();
  /** The model turn streaming now: its row's id and when it started. */
  #openTurn;

  /** @param {string} runId the id the report shows for the agent */
  constructor(runId) {
    this.#runId = runId;
  }

  /** An AgentEvent listener (runAgent's `onEvent`). */
  onEvent = (event) => {
    const common = { runId: this.#runId, time: event.time };
    if (event.type === "turn-start") {
      const callId = turnId(event.turn, event.role);
      const dependencies = this.#callsOfTurn.get(event.turn - 1) ?? [];
      this.#builder.add({ ...common, type: "call-queued", callId, tool: modelRow, dependencies });
      this.#builder.add({ ...common, type: "call-start", callId, tool: modelRow, attempt: 1 });
      this.#openTurn = { callId, time: event.time };
    } else if (event.type === "turn-end" && this.#openTurn !== undefined) {
      const { callId, time } = this.#openTurn;
      this.#builder.add({
        ...common,
        type: "call-end",
        callId,
        tool: modelRow,
        status: "succeeded",
        attempts: 1,
        durationMs: event.time - time,
        isCached: false,
        isDeduplicated: false,
      });
      this.#openTurn = undefined;
    } else if (event.type === "run-event") {
      const inner = event.event;
      if (inner.type === "run-start") {
        if (!this.#hasStarted) this.#builder.add({ ...inner, ...common, time: 0 });
        this.#hasStarted = true;
        return;
      }
      if (inner.type === "run-end" || inner.type === "limit-change") return;
      if (inner.type === "call-queued") {
        const calls = this.#callsOfTurn.get(event.turn) ?? [];
        this.#callsOfTurn.set(event.turn, [...calls, inner.callId]);
      }
      this.#builder.add({ ...inner, ...common });
    }
  };

  /**
   * The finished timeline, its calls named by `labelOf` (ids such as `call_x8…` say little).
   *
   * @param {{ latencyMs: number, isSucceeded: boolean, labelOf: (callId: string) => string | undefined }} ending
   * @returns {import("weft").Timeline}
   */
  finish({ latencyMs, isSucceeded, labelOf }) {
    // Read before run-end: the longest chain through the calls' dependencies, model turns included.
    const soFar = this.#builder.snapshot();
    const status = isSucceeded ? "succeeded" : "failed";
    this.#builder.add({
      type: "run-end",
      runId: this.#runId,
      time: latencyMs,
      status,
      result: {
        runId: this.#runId,
        status,
        makespanMs: latencyMs,
        sequentialMs: soFar.sequentialMs,
        criticalPathMs: soFar.criticalPathMs,
        criticalPath: soFar.criticalPath,
        speedup: latencyMs > 0 ? soFar.sequentialMs / latencyMs : 1,
        abandoned: 0,
        calls: [],
      },
    });
    return relabelled(this.#builder.snapshot(), labelOf);
  }
}

function turnId(turn, role) {
  return role === "agent" ? `model turn ${turn + 1}` : `model turn ${turn + 1} (${role})`;
}

function relabelled(timeline, labelOf) {
  const names = new Map();
  const taken = new Set();
  for (const call of timeline.calls) {
    const label = labelOf(call.id) ?? call.id;
    let name = label;
    for (let copy = 2; taken.has(name); copy++) name = `${label} #${copy}`;
    taken.add(name);
    names.set(call.id, name);
  }
  const nameOf = (id) => names.get(id) ?? id;
  return {
    ...timeline,
    criticalPath: timeline.criticalPath.map(nameOf),
    calls: timeline.calls.map((call) => ({
      ...call,
      id: nameOf(call.id),
      dependencies: call.dependencies.map(nameOf),
    })),
  };
}
