import { openaiModel } from "../dist/adapters/openai/index.js";
import { startModelServer } from "../dist/testing/index.js";
import { modelScript } from "./agents-model.js";
import { runProblem, variants } from "./agents-run.js";
import { searchLatency } from "./agents-tools.js";
import { paperMethods, workloads } from "./agents-workloads.js";
import { markdownTable } from "./markdown-table.js";
import { median } from "./statistics.js";

const modes = ["sequential", "parallel", "compiler"];
/** The paper's Movie-recommendation planner and joiner times (seconds), to check the simulated ones against. */
export const paperMovieTurns = { planner: 1.88, joiner: 1.62 };

/**
 * The agents benchmark, in the shape of LLMCompiler's Table 1: `runAgent` in `sequential`, `parallel` and `compiler`
 * modes (and the last two again with end-of-turn dispatch) on every problem of every workload, against a simulated
 * model on loopback and simulated tools. Each problem runs in every variant before the next problem, the variants'
 * order rotating, so that load on the machine falls on every mode alike.
 *
 * @param {{ problems: number, timeScale: number, log?: (line: string) => void }} options
 */
export async function runAgents({ problems: problemCount, timeScale, log = () => {} }) {
  await warmUp();
  const runs = [];
  for (const workload of workloads) {
    const problems = Array.from({ length: problemCount }, (_, index) => workload.problem(index));
    const server = await startModelServer({
      script: modelScript(problems),
      timing: scaledTiming(workload.timing, timeScale),
    });
    const model = openaiModel({ baseURL: server.openaiBaseURL, apiKey: "bench", model: "simulated" });
    try {
      for (const problem of problems) {
        for (let turn = 0; turn < variants.length; turn++) {
          const variant = variants[(turn + problem.index) % variants.length];
          globalThis.gc?.();
          const run = await runProblem({ workload, problem, variant, model, server, timeScale });
          runs.push(run);
          log(
            `${workload.label} #${problem.index} ${variant.key}: ${(run.latencyMs / 1000).toFixed(2)} s, ${run.modelRequests} model requests, ${run.searches} searches (at most ${run.searchOverlap} at once), answer correct`,
          );
        }
      }
    } finally {
      await server.close();
    }
  }
  return { timeScale, problems: problemCount, runs, summary: summarize(runs) };
}

/** One run with no simulated time first, so that loading the SDK and opening connections is not measured. */
async function warmUp() {
  const [workload] = workloads;
  const problem = workload.problem(0);
  const server = await startModelServer({ script: modelScript([problem]) });
  const model = openaiModel({ baseURL: server.openaiBaseURL, apiKey: "bench", model: "simulated" });
  try {
    for (const variant of variants)
      await runProblem({ workload, problem, variant, model, server, timeScale: 0 });
  } finally {
    await server.close();
  }
}

function scaledTiming({ firstTokenMs, tokensPerSecond }, timeScale) {
  return { firstTokenMs: firstTokenMs * timeScale, tokensPerSecond: tokensPerSecond / timeScale };
}

/** Per workload: each variant's median latency and speedup over `sequential`, turn times, and dispatch savings. */
export function summarize(runs) {
  return workloads.map((workload) => {
    const ofVariant = (key) => runs.filter((run) => run.workload === workload.name && run.variant === key);
    const byVariant = Object.fromEntries(
      variants.map(({ key }) => {
        const latencies = ofVariant(key).map((run) => run.latencyMs / 1000);
        return [
          key,
          {
            medianSeconds: median(latencies),
            fastestSeconds: Math.min(...latencies),
            slowestSeconds: Math.max(...latencies),
            modelRequests: median(ofVariant(key).map((run) => run.modelRequests)),
            modelTurnSeconds: median(ofVariant(key).map((run) => modelTurnMs(run) / 1000)),
            modelTurns: median(
              ofVariant(key).map(
                (run) => run.agentTurnMs.length + run.plannerMs.length + run.joinerMs.length,
              ),
            ),
            outsideTurnsSeconds: median(
              ofVariant(key).map((run) => (run.latencyMs - modelTurnMs(run)) / 1000),
            ),
            searchOverlap: median(ofVariant(key).map((run) => run.searchOverlap)),
          },
        ];
      }),
    );
    const sequential = byVariant.sequential.medianSeconds;
    for (const entry of Object.values(byVariant)) entry.speedup = sequential / entry.medianSeconds;
    const compilerRuns = ofVariant("compiler");
    const turnSeconds = (field) => median(compilerRuns.flatMap((run) => run[field]).map((ms) => ms / 1000));
    const dispatch = ["parallel", "compiler"].map((mode) => {
      const streaming = byVariant[mode].medianSeconds;
      const endOfTurn = byVariant[`${mode}/end-of-turn`].medianSeconds;
      return { mode, streaming, endOfTurn, savedSeconds: endOfTurn - streaming };
    });
    return {
      workload: workload.name,
      byVariant,
      plannerSeconds: turnSeconds("plannerMs"),
      joinerSeconds: turnSeconds("joinerMs"),
      agentTurnSeconds: median(
        ofVariant("sequential").flatMap((run) => run.agentTurnMs.map((ms) => ms / 1000)),
      ),
      dispatch,
    };
  });
}

/** The time a run spent in the agent's own model turns (planner and joiner included; not the math tool's calls). */
function modelTurnMs(run) {
  return [...run.agentTurnMs, ...run.plannerMs, ...run.joinerMs].reduce((sum, ms) => sum + ms, 0);
}

/** The targets of the agents benchmark, each with what was measured. */
export function agentsVerdicts(report) {
  const verdicts = [];
  for (const summary of report.summary) {
    const workload = workloads.find((candidate) => candidate.name === summary.workload);
    for (const mode of ["compiler", "parallel"]) {
      const speedup = summary.byVariant[mode].speedup;
      const target = workload.targets[mode];
      verdicts.push({
        target: `${workload.label}: \`${mode}\` ≥ ${target.toFixed(2)}× faster than \`sequential\`${mode === "parallel" ? " (the paper's parallel function calling)" : ""}`,
        measured: `${speedup.toFixed(2)}× (${summary.byVariant.sequential.medianSeconds.toFixed(2)} s → ${summary.byVariant[mode].medianSeconds.toFixed(2)} s)`,
        isMet: speedup >= target,
      });
    }
  }
  for (const summary of report.summary) {
    const workload = workloads.find((candidate) => candidate.name === summary.workload);
    const measured = summary.byVariant.sequential.medianSeconds;
    // A shrunk time scale shrinks every simulated time alike; scaled back, the figure is comparable to the paper's.
    const unscaled = measured / report.timeScale;
    const off = unscaled / workload.paper.sequential - 1;
    verdicts.push({
      target: `${workload.label}: calibration, \`sequential\` within 10% of the paper's ReAct (${workload.paper.sequential} s)`,
      measured:
        report.timeScale === 1
          ? `${measured.toFixed(2)} s (${formatPercent(off)})`
          : `${measured.toFixed(2)} s at time scale ${report.timeScale}, i.e. ${unscaled.toFixed(2)} s (${formatPercent(off)})`,
      isMet: Math.abs(off) <= 0.1,
    });
  }
  return verdicts;
}

/** The tables of the agents benchmark, as Markdown. */
export function agentsTables(report) {
  const latency = markdownTable(
    [
      "workload",
      "mode",
      "paper's method",
      "paper: latency",
      "paper: speedup",
      "weft: median latency",
      "weft: speedup",
      "weft: fastest–slowest",
      "in model turns",
      "outside model turns",
      "model requests",
      "searches at once",
    ],
    report.summary.flatMap((summary) => {
      const workload = workloads.find((candidate) => candidate.name === summary.workload);
      return modes.map((mode) => {
        const entry = summary.byVariant[mode];
        return [
          workload.label,
          `\`${mode}\``,
          paperMethods[mode],
          `${workload.paper[mode].toFixed(2)} s`,
          `${(workload.paper.sequential / workload.paper[mode]).toFixed(2)}×`,
          `${entry.medianSeconds.toFixed(2)} s`,
          `${entry.speedup.toFixed(2)}×`,
          `${entry.fastestSeconds.toFixed(2)}–${entry.slowestSeconds.toFixed(2)} s`,
          `${entry.modelTurnSeconds.toFixed(2)} s`,
          `${entry.outsideTurnsSeconds.toFixed(2)} s`,
          String(entry.modelRequests),
          String(entry.searchOverlap),
        ];
      });
    }),
    { alignRight: [3, 4, 5, 6, 7, 8, 9, 10, 11] },
  );
  const turns = markdownTable(
    [
      "workload",
      "`sequential`: one agent turn",
      "`compiler`: planner",
      "`compiler`: joiner",
      "paper (Movie)",
    ],
    report.summary.map((summary) => [
      workloads.find((candidate) => candidate.name === summary.workload).label,
      `${summary.agentTurnSeconds.toFixed(2)} s`,
      `${summary.plannerSeconds.toFixed(2)} s`,
      `${summary.joinerSeconds.toFixed(2)} s`,
      summary.workload === "movies"
        ? `planner ${paperMovieTurns.planner} s (ours ${formatPercent(summary.plannerSeconds / report.timeScale / paperMovieTurns.planner - 1)}), joiner ${paperMovieTurns.joiner} s (ours ${formatPercent(summary.joinerSeconds / report.timeScale / paperMovieTurns.joiner - 1)})`
        : "",
    ]),
    { alignRight: [1, 2, 3] },
  );
  const dispatch = markdownTable(
    ["workload", "mode", "streaming dispatch", "end-of-turn dispatch", "streaming saves"],
    report.summary.flatMap((summary) =>
      summary.dispatch.map((entry) => [
        workloads.find((candidate) => candidate.name === summary.workload).label,
        `\`${entry.mode}\``,
        `${entry.streaming.toFixed(2)} s`,
        `${entry.endOfTurn.toFixed(2)} s`,
        `${entry.savedSeconds.toFixed(2)} s (${((100 * entry.savedSeconds) / entry.endOfTurn).toFixed(1)}% of end-of-turn)`,
      ]),
    ),
    { alignRight: [2, 3, 4] },
  );
  return { latency, turns, dispatch, calibration: calibrationTable(report.timeScale) };
}

/**
 * For each missed speedup target, what limits it: the time the mode's model turns take by themselves against the
 * latency the target allows.
 */
export function missedTargetNotes(report) {
  const notes = [];
  for (const summary of report.summary) {
    const workload = workloads.find((candidate) => candidate.name === summary.workload);
    for (const mode of ["parallel", "compiler"]) {
      const entry = summary.byVariant[mode];
      const target = workload.targets[mode];
      if (entry.speedup >= target) continue;
      const allowed = summary.byVariant.sequential.medianSeconds / target;
      const turns = entry.modelTurnSeconds;
      const firstTokenSeconds = (workload.timing.firstTokenMs * report.timeScale) / 1000;
      const spare = allowed - turns;
      const limit =
        spare <= 0
          ? "more than the target allows before any tool has run, so no schedule of the tool calls can reach it"
          : `leaving ${spare.toFixed(2)} s for everything outside them (the tool calls on the critical path, and weft's own work between turns), which took ${entry.outsideTurnsSeconds.toFixed(2)} s`;
      notes.push(
        `- ${workload.label}, \`${mode}\` (${entry.speedup.toFixed(2)}×, target ${target.toFixed(2)}×): the target allows ${allowed.toFixed(2)} s. Its ${entry.modelTurns} model turns${mode === "compiler" ? " (planner and joiner)" : ""} take ${turns.toFixed(2)} s by themselves, each at least the ${firstTokenSeconds.toFixed(2)} s time to first token: ${limit}. \`sequential\` spends ${summary.byVariant.sequential.modelTurnSeconds.toFixed(2)} s in its ${summary.byVariant.sequential.modelTurns} model turns.`,
      );
    }
  }
  return notes;
}

/** The simulated model's speed per workload, as run (scaled by `timeScale`). */
function calibrationTable(timeScale) {
  return markdownTable(
    ["workload", "problems", "time to first token", "tokens per second", "paper's ReAct latency"],
    workloads.map((workload) => [
      workload.label,
      workload.description,
      `${((workload.timing.firstTokenMs * timeScale) / 1000).toFixed(2)} s`,
      String(Math.round(workload.timing.tokensPerSecond / timeScale)),
      `${workload.paper.sequential} s`,
    ]),
    { alignRight: [2, 3, 4] },
  );
}

/** How the model speed was chosen, in words. */
export const calibrationNote = `One model speed per workload, the same for every model call of every mode (agent turns, planner, joiner and the math tool's own model calls): a fixed time to first token, then tokens at a fixed rate (a token is 4 characters, as the simulated server counts them). The rate, 200 tokens/s everywhere, comes from the paper's Movie planner and joiner times: our planner writes about 52 tokens more than our joiner there, and the paper's planner took 0.26 s longer than its joiner (1.88 s against 1.62 s), so 52 / 0.26 ≈ 200 tokens/s. The time to first token of each workload was then solved (\`node bench/agents-calibration.js\`, which counts every turn's tokens with no time simulated) so that the median \`sequential\` problem, with its seeded search latencies, lands on the paper's ReAct latency, and rounded to 50 ms. Search latency is lognormal, median ${searchLatency.medianMs / 1000} s and σ ${searchLatency.sigma} (mean ≈ 0.61 s), drawn from a seeded source per (problem, query), so every mode sees the same latencies. The math tool of ParallelQA sends its problem to the same simulated model (a real HTTP request), which writes an LLMMathChain-style expression of about 17 tokens; the tool evaluates it.`;

function formatPercent(fraction) {
  return `${fraction >= 0 ? "+" : "−"}${Math.abs(fraction * 100).toFixed(1)}%`;
}
