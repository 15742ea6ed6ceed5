/**
 * CPU-bound tools on worker threads against the same tools on the event loop (issue 4, benchmark 1).
 *
 *   node --expose-gc bench/threads.js [--quick]
 *
 * Eight calls of a CPU-bound tool, each hashing 64 MiB, run once by an executor that runs the tool inline (on the
 * event loop, so one call at a time however many are admitted) and once by an executor that runs it with
 * `runIn: "thread"` (a pool of `os.availableParallelism()` threads). Two tools: SHA-256 with node:crypto (native code,
 * on the calling thread) and FNV-1a in plain JavaScript. The two modes take turns, so that load on the machine falls
 * on both alike; the figures are medians. Target: threads at least 1.8× faster on this 2-core machine (and 12× on 16
 * cores, where one is at hand). A full run rewrites the "threads" section of bench/RESULTS.md; `--quick` writes
 * nothing. Needs a build (`npx tsc -p tsconfig.build.json`).
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Executor } from "../dist/index.js";
import { markdownTable } from "./markdown-table.js";
import { partRecordLines, runPartMain } from "./part-main.js";
import { median } from "./statistics.js";
import { startBareThreads } from "./threads-bare.js";
import cpuTools from "./threads-tools.js";

const toolModule = new URL("./threads-tools.js", import.meta.url);
const callsPerRun = 8;
const megabytes = 64;
const targetSpeedup = 1.8;
const manyCoreTarget = { cores: 16, speedup: 12 };

/**
 * Runs the benchmark and returns its figures.
 *
 * @param {{ quick?: boolean, log?: (line: string) => void }} options
 */
export async function runThreads({ quick = false, log = () => {} } = {}) {
  const settings = {
    repetitions: quick ? 2 : 9,
    workloads: quick ? ["sha256"] : ["sha256", "fnv1a"],
    callsPerRun,
    megabytes,
  };
  const inline = new Executor({ tools: cpuTools });
  const threaded = new Executor({
    tools: cpuTools.map(({ name, description }) => ({
      name,
      description,
      runIn: "thread",
      module: toolModule,
    })),
  });
  const maxThreads = os.availableParallelism();
  const bare = await startBareThreads(maxThreads);
  const loadBefore = os.loadavg()[0];
  const runs = [];
  let coldStartMs;
  try {
    for (const workload of settings.workloads) {
      // Not counted: the first run of each mode warms the JIT; the first threaded one also starts the pool's threads
      // and loads the tools' module in each (its time is reported apart, as the pool's cold start).
      const reference = await measure(inline, "inline", workload);
      const cold = await measure(threaded, "threads", workload);
      coldStartMs ??= cold.wallMs;
      checkDigests(cold, reference.digests);
      checkDigests(await measureBare(bare, workload), reference.digests);
      for (let repetition = 0; repetition < settings.repetitions; repetition++) {
        const modes = ["inline", "threads", "bare"];
        for (let turn = 0; turn < modes.length; turn++) {
          const mode = modes[(turn + repetition) % modes.length];
          globalThis.gc?.();
          const run =
            mode === "bare"
              ? await measureBare(bare, workload)
              : await measure(mode === "inline" ? inline : threaded, mode, workload);
          checkDigests(run, reference.digests);
          runs.push(run);
          log(
            `${workload} ${mode} run ${repetition + 1}: ${run.wallMs.toFixed(0)} ms for ${callsPerRun} calls`,
          );
        }
      }
    }
  } finally {
    await Promise.all([threaded.close(), bare.close()]);
  }
  return {
    settings,
    maxThreads,
    coldStartMs,
    loadBefore,
    loadAfter: os.loadavg()[0],
    runs,
    summary: summarize(runs, settings.workloads),
  };
}

/** One run of `callsPerRun` calls of a workload, timed from `run()` to its result. */
async function measure(executor, mode, workload) {
  const calls = Array.from({ length: callsPerRun }, (_, index) => ({
    id: `c${index}`,
    tool: workload,
    args: { megabytes, salt: index },
  }));
  let running = 0;
  let overlap = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await executor
    .run(calls, {
      onEvent: (event) => {
        if (event.type === "call-start") overlap = Math.max(overlap, ++running);
        else if (event.type === "call-end") running--;
      },
    })
    .result();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (result.status !== "succeeded") {
    const failed = result.calls.find((call) => call.status !== "succeeded");
    throw new Error(`${workload} ${mode}: call ${failed?.id} ${failed?.status}: ${failed?.error?.message}`);
  }
  return {
    mode,
    workload,
    wallMs,
    // CPU time of every thread of the process over the wall time: how many cores the run kept busy.
    coresUsed: (cpu.user + cpu.system) / 1000 / wallMs,
    overlap,
    callMedianMs: median(result.calls.map((call) => call.endMs - call.startMs)),
    digests: result.calls.map((call) => call.output),
  };
}

/** The same calls on bare worker threads, without weft: the ceiling of what threads can do at that moment. */
async function measureBare(bare, workload) {
  const argsList = Array.from({ length: callsPerRun }, (_, index) => ({ megabytes, salt: index }));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const digests = await bare.run(workload, argsList);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    mode: "bare",
    workload,
    wallMs,
    coresUsed: (cpu.user + cpu.system) / 1000 / wallMs,
    overlap: Math.min(callsPerRun, bare.count),
    callMedianMs: Number.NaN,
    digests,
  };
}

/** Both modes must compute the same thing, or the comparison means nothing. */
function checkDigests(run, expected) {
  if (run.digests.some((digest, index) => digest !== expected[index])) {
    throw new Error(`${run.workload} ${run.mode}: the digests differ from the inline run's`);
  }
}

/** Median wall times and the speedup, per workload. */
export function summarize(runs, workloads) {
  return workloads.map((workload) => {
    const of = (mode) => runs.filter((run) => run.workload === workload && run.mode === mode);
    const inlineMs = median(of("inline").map((run) => run.wallMs));
    const threadsMs = median(of("threads").map((run) => run.wallMs));
    return {
      workload,
      inlineMs,
      threadsMs,
      speedup: inlineMs / threadsMs,
      ceiling: inlineMs / median(of("bare").map((run) => run.wallMs)),
      threadsCallMs: median(of("threads").map((run) => run.callMedianMs)),
      inlineCores: median(of("inline").map((run) => run.coresUsed)),
      threadsCores: median(of("threads").map((run) => run.coresUsed)),
      bareMs: median(of("bare").map((run) => run.wallMs)),
      bareCores: median(of("bare").map((run) => run.coresUsed)),
      threadsOverlap: Math.max(...of("threads").map((run) => run.overlap)),
      runs: of("inline").length,
    };
  });
}

/** Each target, stated plainly: met, MISSED, or not measured. */
export function threadsVerdicts(report) {
  const cores = os.availableParallelism();
  const verdicts = report.summary.map((row) => ({
    target: `${callsPerRun} × ${describeWorkload(row.workload)}: threads ≥ ${targetSpeedup}× faster than inline on ${cores} cores`,
    measured: `${row.speedup.toFixed(2)}× (bare threads reached ${row.ceiling.toFixed(2)}× at the same time)`,
    verdict: row.speedup >= targetSpeedup ? "met" : "**MISSED**",
  }));
  verdicts.push({
    target: `the same on ${manyCoreTarget.cores} cores: ≥ ${manyCoreTarget.speedup}×`,
    measured: `not measured: no ${manyCoreTarget.cores}-core machine is available to this task (this one has ${cores})`,
    verdict: "not measured",
  });
  return verdicts;
}

export function threadsTables(report) {
  const results = markdownTable(
    [
      "workload",
      "inline",
      "weft threads",
      "speedup",
      "bare threads (no weft)",
      "ceiling",
      "cores used: inline / weft / bare",
      "one call on a weft thread",
      "threads at once",
      "runs each",
    ],
    report.summary.map((row) => [
      describeWorkload(row.workload),
      `${row.inlineMs.toFixed(0)} ms`,
      `${row.threadsMs.toFixed(0)} ms`,
      `${row.speedup.toFixed(2)}×`,
      `${row.bareMs.toFixed(0)} ms`,
      `${row.ceiling.toFixed(2)}×`,
      `${row.inlineCores.toFixed(2)} / ${row.threadsCores.toFixed(2)} / ${row.bareCores.toFixed(2)}`,
      `${row.threadsCallMs.toFixed(0)} ms`,
      row.threadsOverlap,
      row.runs,
    ]),
    { alignRight: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
  );
  const verdicts = markdownTable(
    ["target", "measured", "verdict"],
    threadsVerdicts(report).map((row) => [row.target, row.measured, row.verdict]),
  );
  return { results, verdicts };
}

function describeWorkload(workload) {
  return workload === "sha256"
    ? `SHA-256 of ${megabytes} MiB (node:crypto)`
    : `FNV-1a of ${megabytes} MiB (plain JS)`;
}

export function threadsSection({ command, date, sourceVersion, machine, report }) {
  const { results, verdicts } = threadsTables(report);
  return [
    "## CPU-bound tools on worker threads",
    [
      ...partRecordLines("threads", { command, date, sourceVersion, machine }),
      `- 1-minute load average: ${report.loadBefore.toFixed(2)} before, ${report.loadAfter.toFixed(2)} after (the machine is shared; other work competes for its cores)`,
    ].join("\n"),
    [
      `${callsPerRun} independent calls of one CPU-bound tool, each hashing ${megabytes} MiB (a fixed 1 MiB block fed ${megabytes} times, salted per call), run by two executors built from the same tool objects (\`bench/threads-tools.js\`): one runs them inline, on the event loop, where a call that never yields keeps every other waiting, so they run one after another; the other declares them \`runIn: "thread"\` and runs them in its pool of ${report.maxThreads} worker threads (\`os.availableParallelism()\`, the default). Wall time is from \`executor.run()\` to its result. As a control, "bare threads" runs the same calls on ${report.maxThreads} plain \`worker_threads\` (no weft, no piscina, the calls dealt out in advance): "ceiling" = inline ÷ bare threads is what threads could gain on this machine at that moment, and weft's speedup can only come close to it. Each mode's first run is not counted (the JIT warms up; the pool starts its threads and loads the module in each: that cold first threaded run took ${report.coldStartMs.toFixed(0)} ms). Then ${report.settings.repetitions} runs of each mode, taking turns; the figures are medians, and every mode's digests are checked equal to the first inline run's. "cores used" is the CPU time of all the process's threads over the wall time: 2.00 would be both cores busy throughout. Linux shares the CPU between sessions (autogroups) before threads, so while other sessions keep this shared machine busy a process gets its share of the cores however many threads it runs, and threads cannot help; then "cores used" stays near what one thread gets and the ceiling near 1×. "one call on a weft thread" is the median of a call's own duration (\`call-start\` to \`call-end\`); "threads at once" the most calls observed running together, from the run's events.`,
    ].join("\n"),
    results,
    "### Targets",
    verdicts,
  ].join("\n\n");
}

async function main() {
  await runPartMain({
    name: "threads",
    title: "thread-pool",
    run: runThreads,
    summary: (report, { elapsedMs }) => {
      const { results, verdicts } = threadsTables(report);
      return [`\n${results}\n\n${verdicts}\n`, `Done in ${(elapsedMs / 1000).toFixed(0)} s.`];
    },
    section: threadsSection,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
