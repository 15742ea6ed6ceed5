import { agentsTables, agentsVerdicts, calibrationNote, missedTargetNotes } from "./agents.js";
import { markdownTable } from "./markdown-table.js";
import { findSection, markedSection, withSection } from "./results-section.js";

/**
 * The agents benchmark's section of bench/RESULTS.md, between its markers, so that a run of the agents part alone can
 * replace it without touching the rest of the file.
 */
export function agentsSection({ command, date, sourceVersion, machine, agents }) {
  const tables = agentsTables(agents);
  const verdicts = agentsVerdicts(agents);
  const missed = verdicts.filter((verdict) => !verdict.isMet);
  const limits = missedTargetNotes(agents);
  const body = [
    "## 3. Agents: `runAgent` in the shape of LLMCompiler's Table 1",
    [
      "Written by `bench/run.js agents` (or a full run); do not edit the figures by hand, run the benchmark again.",
      "",
      `- Command: \`${command}\``,
      `- Date: ${date}`,
      `- weft measured: ${sourceVersion}, from dist/`,
      `- Machine: ${machine}`,
      `- Problems per workload: ${agents.problems}; every problem runs in every mode; time scale ${agents.timeScale}`,
    ].join("\n"),
    [
      "`runAgent` (weft's agent loop) talks over loopback to a simulated model (`startModelServer` from `weft/test`) through `openaiModel` (streaming Chat Completions through the official openai SDK), with simulated tools. The model plays a model that knows each problem: as the planner it writes a real LLMCompiler plan (`1. search(\"…\")` lines, `$N` refs, `join()`, `<END_OF_PLAN>`) that weft's own parser reads as it streams; as the joiner it writes `Thought: …` / `Action: Finish(<answer>)`; in tool-calling turns it reads the tool results already in the conversation and asks for the next call with a short thought (`sequential`: one call a turn, the ReAct baseline) or every call that can run now (`parallel`), then answers. Every run is checked: the answer must be the expected one (status `answered`), every tool call must succeed, searches must never overlap in `sequential` and must overlap in `parallel` and `compiler` (from `result.calls` start and end times); otherwise the benchmark stops.",
      "",
      "Workloads: HotpotQA-like (2 independent searches, then the answer), Movie-recommendation-like (8 independent searches, then the answer), ParallelQA-like (2 to 5 branches of search → math, then one math step over all branches; problem i has 2 + i mod 4 branches; the math tool is itself a model call).",
    ].join("\n"),
    "### Latency: median per mode, speedup over `sequential`, beside the paper",
    [
      tables.latency,
      "",
      "Speedup is the median `sequential` latency ÷ the mode's median latency. Paper figures: Kim et al., *An LLM Compiler for Parallel Function Calling*, ICML 2024, Table 1 (ReAct, OpenAI parallel function calling, LLMCompiler). *In model turns*: the median time a run spent in the agent's own model turns (request to last token; planner and joiner included, the math tool's model calls not); *outside model turns*: the rest of its latency, i.e. tool calls on the critical path and weft's work between turns. Model requests count the math tool's model calls too.",
      "",
      "How the modes differ in what the model writes (the same model speed for all): `sequential` writes a one-sentence thought before each call, and its last turn is the bare answer; `parallel` writes only the calls of each turn, no text, and its last turn is the bare answer; `compiler`'s planner writes a thought line and one numbered line per call, and its joiner a thought line before `Action: Finish(<answer>)`. So where the work is one round of independent searches, `compiler` and `parallel` both need two model calls and `compiler`'s are a little longer (its joiner's thought); `compiler` pulls ahead where calls depend on each other (ParallelQA), since the whole DAG runs from one plan without a model turn between its stages.",
    ].join("\n"),
    "### Targets",
    [
      markdownTable(
        ["target", "measured", "verdict"],
        verdicts.map((verdict) => [verdict.target, verdict.measured, verdict.isMet ? "met" : "**MISSED**"]),
      ),
      "",
      missed.length === 0
        ? "Every target was met."
        : `${missed.length} of ${verdicts.length} targets were missed: ${missed.map((verdict) => verdict.target).join("; ")}.`,
      ...(limits.length === 0 ? [] : ["", "What limits the missed speedups:", "", ...limits]),
    ].join("\n"),
    "### Streaming dispatch against end-of-turn dispatch",
    [
      "`parallel` and `compiler` again with `dispatch: \"end-of-turn\"`: each turn's calls (or the plan's calls) start only once the model's turn has ended, instead of the moment each call's arguments (or each plan line) have streamed in. The difference of the median latencies:",
      "",
      tables.dispatch,
    ].join("\n"),
    "### Model turn times",
    [
      "Median time of one model turn, from its request to its last token (the planner's turn ends when `join()` has streamed in):",
      "",
      tables.turns,
    ].join("\n"),
    "### Calibration",
    [calibrationNote, "", tables.calibration].join("\n"),
  ];
  return markedSection("agents", body.join("\n\n"));
}

/** The agents block of a RESULTS.md text, markers included, or undefined when it has none. */
export function findAgentsBlock(text) {
  return findSection(text, "agents");
}

/** `text` with its agents block replaced by `block` (or added). */
export function withAgentsBlock(text, block) {
  return withSection(text, "agents", block);
}
