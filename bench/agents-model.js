import { joinerPrompt, plannerPrompt } from "../dist/agent/compiler/index.js";
import { feetPerMetre } from "./agents-parallelqa.js";
import { mathSystemPrompt } from "./agents-tools.js";

// The prompts weft itself sends, so that the simulated model recognises a planner or joiner request by what weft
// really writes, not by a copy that could drift from it.
const plannerOpening = firstLine(plannerPrompt({ tools: [], question: "?" }).system);
const joinerOpening = firstLine(joinerPrompt({ question: "?", plan: "", observations: "" }).system).split(
  ". ",
)[0];

/**
 * The simulated model's script: it plays a model that knows each problem and answers every request as such a model
 * would. It recognises the request by its system prompt:
 * - the math tool's requests: an arithmetic expression for the problem in the text;
 * - weft's planner: an LLMCompiler plan (independent calls first, `$N` for results, `join()`, `<END_OF_PLAN>`);
 * - weft's joiner: `Thought: …` and `Action: Finish(<answer>)`, from the results it was given;
 * - anything else is a tool-calling turn: it reads the tool results already in the conversation and asks for the next
 *   call with a short thought (one call a turn when `parallel_tool_calls` is false: the ReAct baseline), or every
 *   call that can run now without text (parallel function calling), or answers once it has every result.
 * A result it cannot read (a failed call, a garbled output, a `$N` not replaced) leads to a wrong answer, never to
 * the right one, so that the benchmark checks the agent's data flow as well as its speed.
 *
 * @param {Iterable<object>} problems the workload's problems (see agents-hotpotqa.js and its siblings)
 */
export function modelScript(problems) {
  const byQuestion = new Map([...problems].map((problem) => [problem.question, problem]));
  return (request) => {
    const kind = requestKind(request);
    if (kind === "math") return mathTurn(lastUserText(request));
    if (kind === "agent") {
      const prompt = request.messages.find((message) => message.role === "user")?.content;
      const problem = byQuestion.get(prompt);
      return problem === undefined ? unknownQuestion : toolCallingTurn(problem, request);
    }
    const text = lastUserText(request);
    const problem = byQuestion.get(questionIn(text));
    if (problem === undefined) return unknownQuestion;
    return kind === "planner" ? plannerTurn(problem) : joinerTurn(problem, text);
  };
}

/** Who sent a request to the model: the math tool, weft's planner, weft's joiner, or an agent's tool-calling turn. */
export function requestKind(request) {
  const system = request.system ?? "";
  if (system === mathSystemPrompt) return "math";
  if (system.startsWith(plannerOpening)) return "planner";
  if (system.startsWith(joinerOpening)) return "joiner";
  return "agent";
}

const unknownQuestion = { text: "I do not know how to answer that." };

function plannerTurn(problem) {
  const stepsByKey = new Map(problem.steps.map((step) => [step.key, step]));
  const numbers = new Map(problem.planOrder.map((key, position) => [key, position + 1]));
  const ref = (key) => `$${numbers.get(key)}`;
  const lines = problem.planOrder.map((key) => {
    const step = stepsByKey.get(key);
    return `${numbers.get(key)}. ${step.tool}(${step.planArgs(ref)})`;
  });
  return {
    text: `${problem.plannerThought}\n${lines.join("\n")}\n${problem.planOrder.length + 1}. join()\n<END_OF_PLAN>`,
  };
}

function joinerTurn(problem, text) {
  const stepsByKey = new Map(problem.steps.map((step) => [step.key, step]));
  const results = text.slice(text.indexOf("\nResults:\n") + "\nResults:\n".length).split("\n");
  const values = new Map();
  const missing = [];
  problem.planOrder.forEach((key, position) => {
    const step = stepsByKey.get(key);
    const prefix = `${position + 1}. ${step.tool}(${step.planArgs((other) => `$${problem.planOrder.indexOf(other) + 1}`)}) → `;
    const line = results.find((candidate) => candidate.startsWith(prefix));
    const value = line === undefined ? undefined : step.read(line.slice(prefix.length));
    if (value === undefined) missing.push(key);
    else values.set(key, value);
  });
  if (missing.length > 0) {
    return {
      text: `Thought: The results of ${missing.join(", ")} are missing.\nAction: Finish(I could not find the answer.)`,
    };
  }
  return { text: `${problem.joinerThought(values)}\nAction: Finish(${problem.answer(values)})` };
}

function toolCallingTurn(problem, request) {
  const asked = new Map();
  const results = new Map();
  for (const message of request.messages) {
    if (message.role === "assistant") for (const call of message.toolCalls) asked.set(call.id, call);
    if (message.role === "tool")
      for (const result of message.results) results.set(result.callId, result.content);
  }
  const values = new Map();
  const unreadable = [];
  for (let isProgress = true; isProgress; ) {
    isProgress = false;
    for (const step of problem.steps) {
      if (values.has(step.key) || unreadable.includes(step.key) || !isReady(step, values)) continue;
      const wanted = JSON.stringify(step.args(values));
      const call = [...asked.values()].find(
        (candidate) => candidate.name === step.tool && canonicalJson(candidate.arguments) === wanted,
      );
      if (call === undefined || !results.has(call.id)) continue;
      const value = step.read(results.get(call.id));
      if (value === undefined) unreadable.push(step.key);
      else values.set(step.key, value);
      isProgress = true;
    }
  }
  if (unreadable.length > 0) return { text: `I could not find the answer: ${unreadable.join(", ")} failed.` };
  const ready = problem.steps.filter((step) => !values.has(step.key) && isReady(step, values));
  if (ready.length === 0) return { text: problem.answer(values) };
  const toolCall = (step) => ({ name: step.tool, arguments: step.args(values) });
  if (request.parallelToolCalls === false) {
    const [step] = ready;
    return { text: step.thought(values), toolCalls: [toolCall(step)] };
  }
  return { toolCalls: ready.map(toolCall) };
}

/** The math model: an expression for a unit conversion to feet or for a sum, from the numbers in the problem. */
function mathTurn(problem) {
  let expression;
  if (/^Convert\b/.test(problem)) {
    const metres = /(\d+(?:\.\d+)?) m\b/.exec(problem)?.[1];
    if (metres !== undefined) expression = `${metres} * ${feetPerMetre}`;
  } else if (/^Add\b/.test(problem)) {
    const numbers = problem.match(/\d+(?:\.\d+)?/g);
    if (numbers !== null) expression = numbers.join(" + ");
  }
  if (expression === undefined) return { text: "I cannot turn this problem into an expression." };
  return { text: `\`\`\`text\n${expression}\n\`\`\`\n...numexpr.evaluate("${expression}")...\n` };
}

function isReady(step, values) {
  return step.needs.every((key) => values.has(key));
}

function canonicalJson(text) {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function lastUserText(request) {
  return request.messages.findLast((message) => message.role === "user")?.content ?? "";
}

function questionIn(text) {
  return /^Question: (.*)$/m.exec(text)?.[1];
}

function firstLine(text) {
  return text.split("\n")[0];
}
