// The simulated model: weft's test model server (`weft/test`) speaking OpenAI's Chat Completions wire protocol,
// streamed token by token at a real model's pace, answering as a model that knows how to do this task would. It reads
// what weft sends (the conversation and its tool results, or weft's planner and joiner prompts) and writes:
// - in a tool-calling turn: the next call with a short thought when weft forbids parallel calls (the ReAct baseline),
//   else every call that can run now, or the answer once it has every result;
// - to weft's planner: a plan in LLMCompiler's format (`N. tool(args)`, `$N` for a result, `join()`, <END_OF_PLAN>);
// - to weft's joiner: `Thought: …` and `Action: Finish(<answer>)`, from the results it was given.
// A result it cannot read (a failed call, a `$N` not replaced) makes it answer that it could not, never the right
// answer, so the demo checks weft's data flow as well as its speed.
import { openaiModel } from "weft/openai";
import { startModelServer } from "weft/test";
import { answerFrom, planOrder, steps } from "./trip-question.js";

/** How fast the simulated model answers: a small, fast hosted model's pace. */
export const modelLatency = { firstTokenMs: 250, tokensPerSecond: 120 };

const endOfPlan = "<END_OF_PLAN>";

/**
 * Starts the model server and a weft model pointed at it.
 *
 * @param {{ timeScale?: number }} [options] `timeScale` multiplies the model's latency (1: as modelLatency says)
 */
export async function startSimulatedModel({ timeScale = 1 } = {}) {
  const server = await startModelServer({
    script: answer,
    timing: {
      firstTokenMs: modelLatency.firstTokenMs * timeScale,
      tokensPerSecond: modelLatency.tokensPerSecond / timeScale,
    },
  });
  const model = openaiModel({ baseURL: server.openaiBaseURL, apiKey: "no-key-needed", model: "simulated" });
  return { server, model };
}

/** One turn, for one request. */
function answer(request) {
  if (request.stop.includes(endOfPlan)) return plannerTurn();
  if ((request.system ?? "").includes("Action: Finish(")) return joinerTurn(lastUserText(request));
  return toolCallingTurn(request);
}

function plannerTurn() {
  const number = (key) => planOrder.findIndex((step) => step.key === key) + 1;
  const lines = planOrder.map(
    (step, index) => `${index + 1}. ${step.tool}(${step.planArgs((key) => `$${number(key)}`)})`,
  );
  return {
    text: [
      "Thought: Coordinates, hotel prices and sights can all be looked up at once; each forecast needs its city's coordinates.",
      ...lines,
      `${lines.length + 1}. join()`,
      endOfPlan,
    ].join("\n"),
  };
}

/** Reads `N. tool(args) → result` lines (weft's observations), one per step of the plan. */
function joinerTurn(text) {
  const results = text.slice(text.indexOf("\nResults:\n") + "\nResults:\n".length).split("\n");
  const values = new Map();
  const missing = [];
  planOrder.forEach((step, index) => {
    const number = (key) => planOrder.findIndex((other) => other.key === key) + 1;
    const prefix = `${index + 1}. ${step.tool}(${step.planArgs((key) => `$${number(key)}`)}) → `;
    const line = results.find((candidate) => candidate.startsWith(prefix));
    const value = line === undefined ? undefined : readResult(step, line.slice(prefix.length));
    if (value === undefined) missing.push(step.key);
    else values.set(step.key, value);
  });
  if (missing.length > 0) {
    return {
      text: `Thought: ${missing.join(", ")} gave nothing usable.\nAction: Finish(I could not find out.)`,
    };
  }
  return {
    text: `Thought: I have the weather, prices and sights of every city.\nAction: Finish(${answerFrom(values)})`,
  };
}

function toolCallingTurn(request) {
  const asked = [];
  const results = new Map();
  for (const message of request.messages) {
    if (message.role === "assistant") asked.push(...message.toolCalls);
    if (message.role === "tool")
      for (const result of message.results) results.set(result.callId, result.content);
  }
  const values = new Map();
  for (let isProgress = true; isProgress; ) {
    isProgress = false;
    for (const step of steps) {
      if (values.has(step.key) || !step.needs.every((key) => values.has(key))) continue;
      const wanted = JSON.stringify(step.args(values));
      const call = asked.find(
        (candidate) => candidate.name === step.tool && sameJson(candidate.arguments, wanted),
      );
      if (call === undefined || !results.has(call.id)) continue;
      const value = readResult(step, results.get(call.id));
      if (value === undefined) return { text: `I could not find out: ${step.key} gave nothing usable.` };
      values.set(step.key, value);
      isProgress = true;
    }
  }
  const ready = steps.filter((step) => !values.has(step.key) && step.needs.every((key) => values.has(key)));
  if (ready.length === 0) return { text: answerFrom(values) };
  const toolCall = (step) => ({ name: step.tool, arguments: step.args(values) });
  if (request.parallelToolCalls === false) return { text: ready[0].thought, toolCalls: [toolCall(ready[0])] };
  return { toolCalls: ready.map(toolCall) };
}

/** A tool's result as the model reads it, or undefined when it is not what the tool gives on success. */
function readResult(step, text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isComplete = {
    geocode: () => typeof value.latitude === "number" && typeof value.longitude === "number",
    weather: () => typeof value.saturday?.condition === "string",
    hotel_prices: () => typeof value.medianPerNight === "number",
    web_search: () => Array.isArray(value.results),
  }[step.tool];
  return typeof value === "object" && value !== null && isComplete() ? value : undefined;
}

function sameJson(text, json) {
  try {
    return JSON.stringify(JSON.parse(text)) === json;
  } catch {
    return false;
  }
}

function lastUserText(request) {
  return request.messages.findLast((message) => message.role === "user")?.content ?? "";
}
