/**
 * How the simulated model's speed of each workload was chosen: runs every problem once in `sequential` mode with no
 * waiting at all, counts the tokens of every model turn (as the model server counts them) and the search latencies,
 * and predicts each mode's time as a function of the time to first token and the tokens per second. For a given
 * tokens/s it solves the time to first token that puts the median `sequential` problem on the paper's ReAct latency.
 *
 *   node bench/agents-calibration.js [--problems=3] [--tokens-per-second=150,150,60]
 *
 * Needs a build (`npm run build`). The constants in agents-workloads.js are rounded from its output.
 */
import { parseArgs } from "node:util";
import { openaiModel } from "../dist/adapters/openai/index.js";
import { startModelServer } from "../dist/testing/index.js";
import { modelScript, requestKind } from "./agents-model.js";
import { runProblem, variants } from "./agents-run.js";
import { searchLatencyMs } from "./agents-tools.js";
import { workloads } from "./agents-workloads.js";
import { median } from "./statistics.js";

/** Characters per token, as the model server counts them. */
const charactersPerToken = 4;

/** Token counts of every model request of one run of each problem in one variant, with no time simulated. */
export async function countTurns(workload, problemCount, variantKey) {
  const problems = Array.from({ length: problemCount }, (_, index) => workload.problem(index));
  const script = modelScript(problems);
  const recorded = [];
  const server = await startModelServer({
    script: (request) => {
      const turn = script(request);
      recorded.push({ kind: requestKind(request), tokens: outputTokens(turn, request.stop) });
      return turn;
    },
  });
  const model = openaiModel({ baseURL: server.openaiBaseURL, apiKey: "bench", model: "simulated" });
  const variant = variants.find((candidate) => candidate.key === variantKey);
  const runs = [];
  try {
    for (const problem of problems) {
      recorded.length = 0;
      await runProblem({ workload, problem, variant, model, server, timeScale: 0 });
      const searches = problem.steps
        .filter((step) => step.tool === "search")
        .map((step) => searchLatencyMs(problem, step.args(new Map()).query));
      runs.push({ problem: problem.index, requests: [...recorded], searchMs: searches });
    }
  } finally {
    await server.close();
  }
  return runs;
}

/** The predicted time of a fully sequential run: every model request and every search one after another. */
export function predictSequentialMs(run, timing) {
  const modelMs = run.requests.reduce((sum, request) => sum + turnMs(request.tokens, timing), 0);
  return modelMs + run.searchMs.reduce((sum, ms) => sum + ms, 0);
}

/** When a turn's last token arrives. */
export function turnMs(tokens, { firstTokenMs, tokensPerSecond }) {
  return firstTokenMs + ((tokens - 1) * 1000) / tokensPerSecond;
}

function outputTokens(turn, stop) {
  let text = turn.text ?? "";
  for (const sequence of stop) {
    const index = text.indexOf(sequence);
    if (index !== -1) text = text.slice(0, index);
  }
  const count = (value) => Math.ceil(Array.from(value).length / charactersPerToken);
  const calls = (turn.toolCalls ?? []).reduce(
    (sum, call) => sum + count(call.name) + count(JSON.stringify(call.arguments)),
    0,
  );
  return Math.max(1, count(text) + calls);
}

async function main() {
  const { values: flags } = parseArgs({
    options: { problems: { type: "string", default: "3" }, "tokens-per-second": { type: "string" } },
  });
  const problemCount = Number(flags.problems);
  const rates = flags["tokens-per-second"]?.split(",").map(Number);
  for (const [index, workload] of workloads.entries()) {
    const tokensPerSecond = rates?.[index] ?? workload.timing.tokensPerSecond;
    const sequential = await countTurns(workload, problemCount, "sequential");
    const compiler = await countTurns(workload, problemCount, "compiler");
    const target = workload.paper.sequential * 1000;
    let low = 0;
    let high = 10_000;
    for (let step = 0; step < 60; step++) {
      const middle = (low + high) / 2;
      const predicted = median(
        sequential.map((run) => predictSequentialMs(run, { firstTokenMs: middle, tokensPerSecond })),
      );
      if (predicted < target) low = middle;
      else high = middle;
    }
    const solved = { firstTokenMs: low, tokensPerSecond };
    const chosen = workload.timing;
    console.log(
      `\n${workload.label}: at ${tokensPerSecond} tokens/s, TTFT ${low.toFixed(0)} ms puts the median sequential run on ${workload.paper.sequential} s`,
    );
    for (const run of sequential) {
      const kinds = run.requests.map((request) => `${request.kind}:${request.tokens}`).join(" ");
      console.log(
        `  problem ${run.problem}: sequential ${(predictSequentialMs(run, chosen) / 1000).toFixed(2)} s at the chosen speed; searches ${run.searchMs.map((ms) => ms.toFixed(0)).join(", ")} ms; tokens ${kinds}`,
      );
    }
    for (const run of compiler) {
      const planner = run.requests.filter((request) => request.kind === "planner");
      const joiner = run.requests.filter((request) => request.kind === "joiner");
      console.log(
        `  problem ${run.problem}: planner ${planner.map((request) => `${request.tokens} tokens, ${(turnMs(request.tokens, chosen) / 1000).toFixed(2)} s`).join("; ")}; joiner ${joiner.map((request) => `${request.tokens} tokens, ${(turnMs(request.tokens, chosen) / 1000).toFixed(2)} s`).join("; ")} (solved speed: planner ${planner.map((request) => (turnMs(request.tokens, solved) / 1000).toFixed(2)).join(", ")} s, joiner ${joiner.map((request) => (turnMs(request.tokens, solved) / 1000).toFixed(2)).join(", ")} s)`,
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
