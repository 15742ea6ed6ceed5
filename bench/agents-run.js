import { performance } from "node:perf_hooks";
import { runAgent } from "../dist/index.js";
import { mathTool, searchTool } from "./agents-tools.js";

/** The ways each problem is run: the three modes, and the two parallel modes again with end-of-turn dispatch. */
export const variants = [
  { key: "sequential", mode: "sequential", dispatch: "streaming" },
  { key: "parallel", mode: "parallel", dispatch: "streaming" },
  { key: "compiler", mode: "compiler", dispatch: "streaming" },
  { key: "parallel/end-of-turn", mode: "parallel", dispatch: "end-of-turn" },
  { key: "compiler/end-of-turn", mode: "compiler", dispatch: "end-of-turn" },
];

/**
 * Runs one problem in one variant against the simulated model and checks what came out. A wrong answer, a call that
 * failed, or searches that did not overlap where they must (or did where they must not) throw: the benchmark stops
 * rather than report the speed of a broken agent.
 */
export async function runProblem({ workload, problem, variant, model, server, timeScale }) {
  const tools = workload.tools.map((name) =>
    name === "search" ? searchTool(problem, timeScale) : mathTool(server),
  );
  const turns = [];
  const requestsBefore = server.requests.length;
  const wallStart = performance.now();
  const result = await runAgent({
    model,
    tools,
    prompt: problem.question,
    mode: variant.mode,
    dispatch: variant.dispatch,
    maxTurns: 20,
    onEvent: (event) => {
      if (event.type === "turn-start") turns[event.turn] = { role: event.role, startMs: event.time };
      else if (event.type === "turn-end" && turns[event.turn] !== undefined)
        turns[event.turn].endMs = event.time;
    },
  });
  const wallMs = performance.now() - wallStart;
  const where = `${workload.label} problem ${problem.index}, ${variant.key}`;
  if (result.status !== "answered" || result.answer !== problem.expectedAnswer) {
    throw new Error(
      `agents benchmark, ${where}: wrong answer ${JSON.stringify(result.answer)} (status ${result.status}); expected ${JSON.stringify(problem.expectedAnswer)}`,
    );
  }
  const failed = result.calls.filter((call) => call.status !== "succeeded");
  if (failed.length > 0) {
    throw new Error(
      `agents benchmark, ${where}: ${failed.length} tool calls did not succeed: ${failed.map((call) => `${call.tool} ${call.status} ${call.error?.message ?? ""}`).join("; ")}`,
    );
  }
  const searchOverlap = largestOverlap(result.calls.filter((call) => call.tool === "search"));
  // With no simulated time (timeScale 0, for calibration) searches take no time and cannot overlap.
  if (timeScale > 0 && (variant.mode === "sequential" ? searchOverlap !== 1 : searchOverlap < 2)) {
    throw new Error(
      `agents benchmark, ${where}: at most ${searchOverlap} searches ran at once, from result.calls start and end times`,
    );
  }
  const roleMs = (role) =>
    turns.filter((turn) => turn.role === role).map((turn) => (turn.endMs ?? Number.NaN) - turn.startMs);
  return {
    workload: workload.name,
    problem: problem.index,
    variant: variant.key,
    latencyMs: result.makespanMs,
    wallMs,
    modelCalls: result.modelCalls,
    modelRequests: server.requests.length - requestsBefore,
    toolCalls: result.toolCalls,
    searchOverlap,
    searches: result.calls.filter((call) => call.tool === "search").length,
    plannerMs: roleMs("planner"),
    joinerMs: roleMs("joiner"),
    agentTurnMs: roleMs("agent"),
  };
}

/** The largest number of calls running at the same moment, from their start and end times. */
export function largestOverlap(calls) {
  let largest = 0;
  for (const call of calls) {
    // Calls running at the moment this one started, itself included (it may have lasted no time at all).
    const running = calls.filter(
      (other) => other === call || (other.startMs <= call.startMs && call.startMs < other.endMs),
    ).length;
    largest = Math.max(largest, running);
  }
  return largest;
}
