import { agentsSection } from "./agents-section.js";
import { markdownTable } from "./markdown-table.js";
import { formatSize, overheadTable } from "./overhead.js";
import { realTimeTable } from "./real-time-check.js";
import { qualityTables } from "./schedule-quality.js";

/** Every verdict of a run as one Markdown table. */
export function verdictTable(verdicts) {
  return markdownTable(
    ["target", "measured", "verdict"],
    verdicts.map((verdict) => [verdict.target, verdict.measured, verdict.isMet ? "met" : "**MISSED**"]),
  );
}

/**
 * The text of bench/RESULTS.md: the figures of one full run with the command, date and machine that produced them,
 * and a plain statement of every target. The agents section comes from this run's `agents` figures when it has real
 * ones (time scale 1), else `carriedAgentsBlock` (the block of the file being replaced) is kept as it was.
 */
export function resultsMarkdown(
  {
    command,
    date,
    sourceVersion,
    machine,
    loadAverageAtEnd,
    elapsedSeconds,
    settings,
    overhead,
    quality,
    realTime,
    agents,
  },
  { carriedAgentsBlock } = {},
) {
  const verdicts = [...(overhead?.verdicts ?? []), ...(quality?.verdicts ?? [])];
  const missed = verdicts.filter((verdict) => !verdict.isMet);
  const sections = [
    "# weft benchmarks: results",
    [
      "Written by `bench/run.js` at the end of a full run; do not edit the figures by hand, run the benchmark again.",
      "",
      `- Command: \`${command}\``,
      `- Date: ${date}`,
      `- weft measured: ${sourceVersion}, compiled to dist/ by the command`,
      `- Machine: ${machine}`,
      `- Whole run: ${elapsedSeconds.toFixed(0)} s; 1-minute load average at the end ${loadAverageAtEnd.toFixed(2)}`,
    ].join("\n"),
    "## Targets",
    [
      verdictTable(verdicts),
      "",
      missed.length === 0
        ? "Every target was met."
        : `${missed.length} of ${verdicts.length} targets were missed: ${missed.map((verdict) => verdict.target).join("; ")}.`,
      "",
      "The agents benchmark states its own targets in its section (3), which a run of that part alone rewrites.",
    ].join("\n"),
  ];
  if (overhead !== undefined) {
    sections.push(
      "## 1. Overhead: what scheduling costs per call",
      [
        `Random DAGs of ${settings.overhead.sizes.join(" and ")} calls of a no-op tool (seed ${settings.overhead.seed}; each call depends on 0, 1, 2 or 3 distinct earlier calls, each count equally likely, chosen uniformly among all earlier calls), concurrency 64. Every contender gets the same DAG. ${overhead.shapes.map((shape) => `At ${formatSize(shape.size)} calls: ${shape.edges} edges, ${shape.roots} calls with no dependencies, ${shape.sinks} with no dependents.`).join(" ")}`,
        "",
        "- **µs/call**: wall time from handing the plan to the library until its promise settles, ÷ calls. For weft: `executor.run(calls)` (checking the plan, building the graph, ranking) and `await run.result()` (running, then building the result with every call's outcome). For p-graph: `new PGraph(nodeMap, dependencies).run({ concurrency: 64 })`. For the floor: building `promise[i] = Promise.all(promises of its dependencies).then(noop)` for every call and awaiting them all (no concurrency limit). Turning the random DAG into each contender's input (weft's call objects, p-graph's node map and edge list) is not timed.",
        "- **CPU µs/call**: user + system CPU time of the worker process over the same span (`process.cpuUsage()`), ÷ calls. It counts V8's helper threads (parallel garbage collection), so it can exceed wall time; it does not grow while other processes hold the cores, so it is the steadier figure on a busy machine.",
        "- **peak RSS**: `process.resourceUsage().maxRSS` at the end of a child process that ran only that contender on that size (`bench/overhead-worker.js`); it includes the contender's input. The last column is the RSS after building the input and collecting garbage, before the timed part, so peak minus that is roughly what the library itself added.",
        `- Median of ${settings.overhead.runs.join(" / ")} runs per size, each in a fresh process; the runs cycle through the contenders.`,
        `- Load: the 1-minute load average, sampled after each run, had median ${overhead.load.median.toFixed(2)} and maximum ${overhead.load.largest.toFixed(2)} on ${settings.overhead.cores} cores. The benchmark's own worker accounts for about 1; anything above that is other processes on this shared machine competing for the cores, which slows every contender. The ratios between contenders, measured in the same pass with their runs interleaved, are steadier than the absolute µs/call.`,
        "",
        overheadTable(overhead),
        "",
        floorNote(overhead.rows),
        "",
        "Where weft's time goes at 1M calls (`node --cpu-prof bench/overhead-worker.js weft 1000000`, profiled on 2026-11-21): about a fifth in garbage collection, a fifth in looking up each dependency's id in the run's id map (a million string keys: each lookup is a few cache misses), an eighth checking and creating the calls, and the rest in finishing calls, releasing their dependents and dispatching from the ready heap. Per call, weft keeps one object of 16 fields; links, pending counts, times and ranks are packed in typed arrays, and the ready heap keeps its keys in typed arrays beside the calls.",
        "",
        "About p-graph's time at 1M calls, far above its time at 100k: a CPU profile of its worker (`node --cpu-prof bench/overhead-worker.js p-graph 1000000`, p-graph 2.0.0) put 88% of the time in `getNodeCumulativePriorities`, which drains a queue with `Array.prototype.shift()`. That queue starts with every call that has no dependents, about 40% of the calls in this DAG, and shifting a very large array costs time in proportion to its length, so this step grows with the square of the plan. A DAG with fewer sinks would put p-graph nearer the ~41 µs/call quoted for it elsewhere; its 100k figure is the fairer comparison.",
      ].join("\n"),
    );
  }
  if (quality !== undefined) {
    const tables = qualityTables(quality);
    sections.push(
      "## 2. Schedule quality: makespan ÷ lower bound",
      [
        "**Measured in virtual time.** Every tool awaits `clock.sleep(ms)` on a discrete-event clock (`bench/virtual-clock.js`) that jumps to the next timer only once the process is idle (every promise reaction settled, detected from a `setImmediate` loop), and `performance.now()` reads that clock while it runs. A makespan is then exact and the same on every machine, whatever else the 2 cores are doing: running these cases in real time would take many minutes per pass and carry timer lateness and load noise of a few percent, the same size as the differences being measured. The section after this one checks the virtual figures against real `setTimeout` runs.",
        "",
        `Instances: ${settings.quality.sizes.join(", ")} calls × shapes ${settings.quality.shapes.join(" and ")} × seeds ${settings.quality.seeds.join(", ")}, each at caps ${settings.quality.caps.join(", ")}. Each instance has 12 tool kinds; each kind's median duration is log-uniform in [5, 200] ms; a call's duration is its kind's median × exp(0.5·N(0,1)) (lognormal), rounded to whole ms and clipped to [5, 200] ms. Shape \`wide\`: each call depends on 0–3 earlier calls chosen among all earlier ones (as in benchmark 1); shape \`deep\`: chosen among the 16 calls just before it, which makes long chains.`,
        "",
        "Lower bound = max(critical path by true durations, total work ÷ cap). Contenders:",
        "",
        "- **weft, declared estimates**: the first run on a fresh `Executor`; every tool declares `estimateMs` = its true median × a seeded factor log-uniform in [0.5, 2].",
        "- **weft, learned estimates**: a second run of the same plan on the same `Executor`; ranks now come from the EWMA cost model the first run taught (a learned estimate replaces the declared one).",
        "- **p-graph, no priorities**: every node has the default priority 0.",
        "- **p-graph, true durations as priorities**: each node's `priority` is that call's true duration. p-graph ranks a node by its priority plus the largest cumulative priority among its dependents, so it schedules by each call's bottom level by true durations: the critical-path rank weft computes, with exact per-call figures instead of per-tool estimates. This is the best-informed competitor.",
        "",
        "Median / worst ratio per cap, over all sizes, shapes and seeds:",
        "",
        tables.byCap,
        "",
        "Median ratio per size and cap (and in how many cases the critical path, not total work ÷ cap, is the bound):",
        "",
        tables.bySize,
        "",
        "weft's makespan ÷ that of p-graph given true durations, per cap:",
        "",
        tables.behind,
        "",
        "The cases where weft is furthest behind p-graph given true durations (to reproduce one: `scheduleInstance({ size, seed, shape })` in `bench/schedule-instance.js`):",
        "",
        tables.worstCases,
        "",
        tables.estimates,
      ].join("\n"),
    );
  }
  if (realTime !== undefined) {
    sections.push(
      "## Check of the virtual clock against real time",
      [
        "The same instances run once in virtual time and once with a real `setTimeout` in every tool. Real timers fire a little late (about 1 ms each, adding up along a chain), so real makespans run slightly longer; the ratios and the order of the contenders should agree within that noise.",
        "",
        realTimeTable(realTime),
      ].join("\n"),
    );
  }
  const agentsBlock =
    agents !== undefined && agents.timeScale === 1
      ? agentsSection({ command, date, sourceVersion, machine, agents })
      : carriedAgentsBlock;
  if (agentsBlock !== undefined) sections.push(agentsBlock);
  sections.push(
    "## Reproducing",
    [
      "```sh",
      "npm run bench                              # build, then everything (this file is rewritten)",
      "node --expose-gc bench/run.js overhead      # one part: overhead | quality | realtime | agents",
      "node --expose-gc bench/run.js --quick       # smoke run, under 2 minutes; does not rewrite this file",
      "node --expose-gc bench/run.js overhead --sizes=100000,1000000 --runs=5,3 --seed=1",
      "node --expose-gc bench/run.js quality --seeds=5",
      "node --expose-gc bench/run.js agents        # rewrites only section 3 of this file",
      "node bench/run.js agents --quick --time-scale=0.2   # agents smoke run: 1 problem a workload, times ×0.2",
      "node bench/agents-calibration.js            # token counts behind the agents benchmark's model speeds",
      "node --expose-gc bench/overhead-worker.js weft 1000000   # one contender, one size, one process",
      "node --expose-gc bench/mcp.js              # one resource or MCP part: locks | rate-limit | adaptive | threads | hedging | mcp",
      "```",
    ].join("\n"),
  );
  return `${sections.join("\n\n")}\n`;
}

/** How weft's cost per call compares with the Promise.all floor's, which bounds what any scheduler here can reach. */
function floorNote(rows) {
  const find = (contender, size) => rows.find((row) => row.contender === contender && row.size === size);
  const sizes = [...new Set(rows.map((row) => row.size))].sort((a, b) => a - b);
  const small = sizes[0];
  const large = sizes[sizes.length - 1];
  const floorLarge = find("promise-all", large);
  const floorSmall = find("promise-all", small);
  const weftLarge = find("weft", large);
  if (floorLarge === undefined || weftLarge === undefined) return "";
  const growth =
    floorSmall === undefined || small === large
      ? ""
      : ` From ${formatSize(small)} to ${formatSize(large)} calls the floor's own cost per call grows ${(floorLarge.microsecondsPerCall / floorSmall.microsecondsPerCall).toFixed(2)}× (memory latency: a larger graph no longer fits in the caches), so part of weft's growth is the machine's, not the scheduler's.`;
  return `On this machine the bare Promise.all floor costs ${floorLarge.microsecondsPerCall.toFixed(2)} µs per call at ${formatSize(large)} calls, and weft ${weftLarge.microsecondsPerCall.toFixed(2)} µs (${(weftLarge.microsecondsPerCall / floorLarge.microsecondsPerCall).toFixed(2)}× the floor) while also checking the plan, ranking by critical path, enforcing the limit of 64 and recording every call's outcome.${growth}`;
}
