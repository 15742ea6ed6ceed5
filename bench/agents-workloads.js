import { hotpotProblem } from "./agents-hotpotqa.js";
import { movieProblem } from "./agents-movies.js";
import { parallelQaProblem } from "./agents-parallelqa.js";

/**
 * The three workloads of LLMCompiler's Table 1 (Kim et al., ICML 2024), with the paper's latencies: ReAct, OpenAI
 * parallel function calling and LLMCompiler, which weft's `sequential`, `parallel` and `compiler` modes stand for.
 *
 * `timing` is the simulated model's speed for every model call of the workload, whatever the mode: planner, joiner,
 * tool-calling turns and the math tool's calls alike. It was calibrated once (see `modelSpeedNote`) so that the
 * `sequential` mode lands near the paper's ReAct latency; it is never set per mode.
 */
export const workloads = [
  {
    name: "hotpotqa",
    label: "HotpotQA-like",
    description: "2 independent searches, then the answer",
    problem: hotpotProblem,
    tools: ["search"],
    timing: { firstTokenMs: 1950, tokensPerSecond: 200 },
    paper: { sequential: 7.12, parallel: 4.42, compiler: 3.95 },
    targets: { parallel: 1.61, compiler: 2.0 },
  },
  {
    name: "movies",
    label: "Movie-recommendation-like",
    description: "8 independent searches, then the answer",
    problem: movieProblem,
    tools: ["search"],
    timing: { firstTokenMs: 1550, tokensPerSecond: 200 },
    paper: { sequential: 20.47, parallel: 7.42, compiler: 5.47 },
    targets: { parallel: 2.76, compiler: 4.0 },
  },
  {
    name: "parallelqa",
    label: "ParallelQA-like",
    description: "2–5 branches of search → math, then one math step over all branches; math is a model call",
    problem: parallelQaProblem,
    tools: ["search", "math"],
    timing: { firstTokenMs: 2650, tokensPerSecond: 200 },
    paper: { sequential: 35.9, parallel: 19.29, compiler: 16.69 },
    targets: { parallel: 1.86, compiler: 2.5 },
  },
];

/** How the paper names the method each mode stands for. */
export const paperMethods = {
  sequential: "ReAct",
  parallel: "OpenAI parallel function calling",
  compiler: "LLMCompiler",
};
