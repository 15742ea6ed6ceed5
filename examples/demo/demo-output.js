// What the demo prints: plain data in, lines of text out.
import pc from "picocolors";
import { endpoints, faults } from "./remote-apis.js";
import { modelLatency } from "./simulated-model.js";
import { question } from "./trip-question.js";

/** The tool that calls each API (travel-tools.js). */
const toolOf = {
  "/v1/geocode": "geocode",
  "/v1/forecast": "weather",
  "/v1/hotels/prices": "hotel_prices",
  "/v1/search": "web_search",
};

export const modeDescriptions = {
  sequential: "one tool call per model turn, each after the result before it (the ReAct baseline)",
  parallel: "every call of a turn at once, each started the moment its arguments have streamed in",
  compiler:
    "the model writes the whole plan (LLMCompiler); weft runs it as a DAG while it streams, a joiner answers",
};

/** @returns {string[]} */
export function introduction({ seed, timeScale, cores, busyBefore }) {
  const ms = (value) => `${Math.round(value * timeScale)} ms`;
  const scaled = timeScale === 1 ? "" : pc.yellow(` (every latency × ${timeScale})`);
  const lines = [
    pc.bold("weft demo: an agent's tool calls, run in parallel") + scaled,
    "",
    `${label("Question")}${question}`,
    `${label("Model")}${pc.yellow("simulated")}: weft/test's model server on 127.0.0.1 streams OpenAI Chat Completions`,
    `${label("")}as a model would, ${ms(modelLatency.firstTokenMs)} to the first token, then ${Math.round(modelLatency.tokensPerSecond / timeScale)} tokens/s (no key, no network)`,
    `${label("Tools")}each an HTTP call to a ${pc.yellow("stand-in for a remote API")}: a local service on 127.0.0.1 that answers`,
    `${label("")}with seeded latencies (seed ${seed}), limits and failures, as remote APIs do:`,
  ];
  for (const endpoint of endpoints) {
    const notes = [];
    for (const fault of faults.filter((candidate) => candidate.path === endpoint.path)) {
      const wait = fault.retryAfterMs === undefined ? "" : `, retry-after ${ms(fault.retryAfterMs)}`;
      notes.push(`first ${fault.place} request: ${fault.status} ${fault.message.split(":")[0]}${wait}`);
    }
    if (endpoint.maxInFlight !== undefined) {
      notes.push(
        `at most ${endpoint.maxInFlight} requests at once, the tool declares concurrency: ${endpoint.maxInFlight}`,
      );
    }
    const range = `${Math.round(endpoint.latencyMs[0] * timeScale)}–${ms(endpoint.latencyMs[1])}`;
    const tool = toolOf[endpoint.path] ?? "";
    lines.push(
      `${label("")}  ${tool.padEnd(14)}${endpoint.name.padEnd(18)}${range.padEnd(12)}${pc.dim(notes.join("; "))}`,
    );
  }
  lines.push(`${label("")}weather needs the coordinates geocode returns: a dependency between calls.`);
  lines.push(
    `${label("Machine")}${cores} cores, ${Math.round(busyBefore * 100)}% busy with other programs before the demo started`,
    "",
  );
  return lines;
}

export function modeHeading(mode) {
  return `${pc.bold(pc.cyan(mode.padEnd(12)))}${pc.dim(modeDescriptions[mode])}`;
}

/**
 * @param {object} run what runMode gave
 * @param {number | undefined} sequentialMs the sequential mode's latency, for the speedup
 * @param {string[]} problems what went wrong (problemsOf)
 * @returns {string[]}
 */
export function modeResult(run, sequentialMs, problems) {
  const facts = [
    pc.bold(seconds(run.latencyMs)),
    `${run.modelTurns} model turns`,
    `${run.toolCalls} tool calls`,
    run.maxConcurrency === 1 ? "1 at a time" : `up to ${run.maxConcurrency} at once`,
  ];
  if (sequentialMs !== undefined && run.mode !== "sequential")
    facts.push(speedupText(sequentialMs / run.latencyMs));
  const lines = [`  ${facts.join(pc.dim(" · "))}`];
  const throttled = new Set();
  for (const happening of run.happenings) {
    if (happening.kind === "retry") {
      lines.push(
        `  ${pc.yellow("↻")} ${happening.label.padEnd(20)}${happening.message} → retried ${Math.round(happening.delayMs)} ms later (retry policy)`,
      );
    } else if (happening.kind === "throttle") {
      throttled.add(happening.callId);
      lines.push(
        `  ${pc.yellow("⏸")} ${happening.label.padEnd(20)}${happening.message} → weft paused rate limit ${happening.key} for the ${Math.round(happening.retryAfterMs)} ms retry-after, then ran it again`,
      );
    }
  }
  const held = run.happenings.filter(
    (happening) =>
      happening.kind === "wait" && !(happening.cause.startsWith("rate:") && throttled.has(happening.callId)),
  );
  for (const cause of new Set(held.map((happening) => happening.cause))) {
    const waits = held.filter((happening) => happening.cause === cause);
    const what = waits
      .map((happening) => `${happening.label} ${Math.round(happening.waitedMs)} ms`)
      .join(", ");
    const why =
      cause === "tool-limit"
        ? `waited for a slot (${waits[0].tool}: concurrency limit)`
        : `held back by rate limit ${cause.slice("rate:".length)}${throttled.size > 0 ? ", paused after the 429" : ""}`;
    lines.push(`  ${pc.yellow("⧗")} ${why}: ${what}`);
  }
  lines.push(`  ${pc.dim("→")} ${dependencyLine(run.calls)}`);
  for (const problem of problems) lines.push(`  ${pc.red("✗")} ${pc.red(problem)}`);
  return lines;
}

/** @returns {string[]} a bar per mode, to scale, with its speedup over sequential */
export function comparison(runs) {
  const longest = Math.max(...runs.map((run) => run.latencyMs));
  const sequential = runs.find((run) => run.mode === "sequential");
  const lines = [pc.bold("Measured latency, question to answer (wall clock)")];
  for (const run of runs) {
    const width = Math.max(1, Math.round((run.latencyMs / longest) * 40));
    let speedup = "";
    if (run === sequential) speedup = pc.dim("the baseline");
    else if (sequential !== undefined) speedup = speedupText(sequential.latencyMs / run.latencyMs);
    lines.push(
      `  ${run.mode.padEnd(12)}${pc.cyan("█".repeat(width))}${" ".repeat(41 - width)}${seconds(run.latencyMs).padStart(8)}  ${speedup}`,
    );
  }
  return lines;
}

/** How each dependent call waited for the one it needs: weather for its city's geocode. */
function dependencyLine(calls) {
  const gaps = [];
  let isNextTurn = false;
  for (const weather of calls.filter((call) => call.tool === "weather")) {
    const city = weather.label.slice("weather ".length);
    const geocode = calls.find((call) => call.label === `geocode ${city}`);
    if (geocode?.endMs == null || weather.startMs === null) continue;
    gaps.push(weather.startMs - geocode.endMs);
    if (weather.turn > geocode.turn) isNextTurn = true;
  }
  if (gaps.length === 0) return "no weather call ran after its geocode";
  const isOrdered = gaps.every((gap) => gap >= 0);
  const range = `${Math.round(Math.min(...gaps))}–${Math.round(Math.max(...gaps))} ms`;
  return isOrdered
    ? `each weather call started after its city's geocode returned (${range} later${isNextTurn ? ", in the model's next turn" : ""})`
    : pc.red(`a weather call started before its geocode returned (${range})`);
}

export function seconds(milliseconds) {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(2)} s`;
}

function speedupText(speedup) {
  const text = `${speedup.toFixed(2)}× faster than sequential`;
  return speedup >= 3 ? pc.green(text) : speedup >= 1 ? text : pc.red(text);
}

function label(text) {
  return pc.dim(text.padEnd(10));
}
