/**
 * Hedged calls on a search-like latency distribution (issue 4, benchmark 4).
 *
 *   node --expose-gc bench/hedging.js [--quick]
 *
 * A search tool whose latency is lognormal (median 540 ms, σ 0.48), with 5% of requests taking 4× as long (a cache
 * miss that triggers a second request). Many 8-wide fan-outs (a run of 8 independent calls each), first without
 * hedging, then with `hedge: true` (a duplicate once an attempt outlasts the p95 of the tool's recent durations); every
 * request's latency is drawn from a seeded source, and each call's first request gets the same latency in both modes,
 * so that the two differ only by the hedges. Reports the p50 and p99 of the fan-outs' makespans and the extra requests
 * hedging started. Target: p99 cut by at least 30% for at most 10% more requests.
 *
 * Time is scaled: every latency is divided by `timeScale` (10; 20 with --quick) and slept on real timers, so that
 * 1000 fan-outs each way (200 with --quick) take a minute or so; the figures are reported scaled back (×timeScale),
 * in the distribution's own seconds. A full run rewrites the "hedging" section of bench/RESULTS.md; `--quick` writes
 * nothing. Needs a build (`npx tsc -p tsconfig.build.json`). For bench/run.js: `runHedging`, `hedgingTables`,
 * `hedgingVerdicts` and `hedgingSection`.
 */
import { pathToFileURL } from "node:url";
import { Executor } from "../dist/index.js";
import { markdownTable } from "./markdown-table.js";
import { missedTargetsLine, partRecordLines, runPartMain } from "./part-main.js";
import { SeededRandom } from "./seeded-random.js";

const distribution = { medianMs: 540, sigma: 0.48, tailShare: 0.05, tailFactor: 4 };
const width = 8;
/** Fan-outs in flight at once: independent runs on one executor, as from many users; they never compete for slots. */
const inFlight = 8;
/** Fan-outs run first and not measured, in both modes: hedging needs 20 durations before it trusts a p95. */
const warmUpFanOuts = 10;
const targets = { p99Cut: 0.3, extraRequests: 0.1 };

/** One request's latency in the distribution's own ms. */
function drawLatency(random) {
  const latency = distribution.medianMs * Math.exp(distribution.sigma * random.normal());
  return random.next() < distribution.tailShare ? latency * distribution.tailFactor : latency;
}

/**
 * Runs both modes and returns their figures.
 * @param {{ quick?: boolean, log?: (line: string) => void }} options
 */
export async function runHedging({ quick = false, log = () => {} } = {}) {
  const timeScale = quick ? 20 : 10;
  const fanOuts = quick ? 200 : 1000;
  const modes = [];
  for (const isHedged of [false, true]) {
    const mode = await runMode({ isHedged, fanOuts, timeScale });
    log(
      `${mode.name}: p50 ${formatSeconds(mode.p50Ms)}, p99 ${formatSeconds(mode.p99Ms)}, ${mode.requests} requests for ${mode.calls} calls (${mode.hedges} hedges, ${mode.wonByHedge} won) in ${(mode.wallMs / 1000).toFixed(1)} s`,
    );
    modes.push(mode);
  }
  return { timeScale, fanOuts, modes };
}

async function runMode({ isHedged, fanOuts, timeScale }) {
  // Each call's first request: the same latencies in both modes. Hedges draw from a stream of their own.
  const primaries = new SeededRandom(4);
  const hedges = new SeededRandom(40);
  const executions = new Map();
  const total = warmUpFanOuts + fanOuts;
  /** Requests per fan-out, hedges included: the warm-up's are left out even when they end after others began. */
  const requestsByFanOut = new Uint32Array(total);
  const search = {
    name: "search",
    idempotent: true,
    ...(isHedged ? { hedge: true } : {}),
    execute(input, context) {
      requestsByFanOut[input.fanOut]++;
      const isHedge = executions.has(input.key);
      executions.set(input.key, true);
      const latencyMs = isHedge ? drawLatency(hedges) : input.latencyMs;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(input.key), latencyMs / timeScale);
        context.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(context.signal.reason);
        });
      });
    },
  };
  const executor = new Executor({ tools: [search], concurrency: 1024 });
  const plans = Array.from({ length: total }, (_, fanOut) => ({
    calls: Array.from({ length: width }, (_, index) => ({
      id: `q${index}`,
      tool: "search",
      args: { fanOut, key: `${fanOut}:${index}`, latencyMs: drawLatency(primaries) },
    })),
  }));
  const makespans = [];
  let calls = 0;
  let hedgeCount = 0;
  let wonByHedge = 0;
  let next = 0;
  const startedAt = performance.now();
  const worker = async () => {
    while (next < total) {
      const fanOut = next++;
      const result = await executor.run(plans[fanOut]).result();
      if (fanOut < warmUpFanOuts) continue;
      makespans.push(result.makespanMs * timeScale);
      calls += result.calls.length;
      for (const call of result.calls) {
        if (call.isHedged) hedgeCount++;
        if (call.isWonByHedge) wonByHedge++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const wallMs = performance.now() - startedAt;
  const sorted = Float64Array.from(makespans).sort();
  const measuredRequests = requestsByFanOut.subarray(warmUpFanOuts).reduce((sum, count) => sum + count, 0);
  return {
    name: isHedged ? "hedge: true" : "no hedging",
    isHedged,
    calls,
    requests: measuredRequests,
    hedges: hedgeCount,
    wonByHedge,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    meanMs: makespans.reduce((sum, value) => sum + value, 0) / makespans.length,
    wallMs,
  };
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(3)} s`;
}

/** Each target, stated plainly: met or MISSED. */
export function hedgingVerdicts(report) {
  const [plain, hedged] = report.modes;
  const cut = 1 - hedged.p99Ms / plain.p99Ms;
  const extra = hedged.requests / hedged.calls - 1;
  return [
    {
      target: `p99 of the fan-outs' makespan cut by at least ${targets.p99Cut * 100}%`,
      measured: `${formatSeconds(plain.p99Ms)} → ${formatSeconds(hedged.p99Ms)} (${(cut * 100).toFixed(1)}% less)`,
      verdict: cut >= targets.p99Cut ? "met" : "**MISSED**",
    },
    {
      target: `at most ${targets.extraRequests * 100}% more requests`,
      measured: `${hedged.requests} requests for ${hedged.calls} calls (${(extra * 100).toFixed(1)}% more)`,
      verdict: extra <= targets.extraRequests ? "met" : "**MISSED**",
    },
  ];
}

export function hedgingTables(report) {
  const results = markdownTable(
    [
      "mode",
      "fan-outs",
      "p50 makespan",
      "p99 makespan",
      "mean makespan",
      "requests",
      "extra requests",
      "hedges won",
    ],
    report.modes.map((mode) => [
      mode.name,
      String(mode.calls / width),
      formatSeconds(mode.p50Ms),
      formatSeconds(mode.p99Ms),
      formatSeconds(mode.meanMs),
      String(mode.requests),
      `${mode.requests - mode.calls} (${((mode.requests / mode.calls - 1) * 100).toFixed(1)}%)`,
      `${mode.wonByHedge} of ${mode.hedges}`,
    ]),
    { alignRight: [1, 2, 3, 4, 5, 6, 7] },
  );
  const verdicts = markdownTable(
    ["target", "measured", "verdict"],
    hedgingVerdicts(report).map((row) => [row.target, row.measured, row.verdict]),
  );
  return { results, verdicts };
}

export function hedgingSection({ command, date, sourceVersion, machine, report }) {
  const { results, verdicts } = hedgingTables(report);
  const wallS = report.modes.reduce((sum, mode) => sum + mode.wallMs, 0) / 1000;
  return [
    "## Hedged calls",
    [
      ...partRecordLines("hedging", { command, date, sourceVersion, machine }),
      `- Wall time: ${wallS.toFixed(0)} s`,
    ].join("\n"),
    `A search-like tool: lognormal latency (median ${distribution.medianMs} ms, σ ${distribution.sigma}), and ${distribution.tailShare * 100}% of requests take ${distribution.tailFactor}× as long, each request drawn from a seeded source (a hedge is a request of its own, with its own draw). ${report.fanOuts} fan-outs of ${width} independent calls each way (after ${warmUpFanOuts} not measured), ${inFlight} fan-outs in flight at once on one executor with room for all; each call's first request has the same latency in both modes. Hedging: \`hedge: true\`, a duplicate once an attempt outlasts the p95 of the tool's last 100 durations; the first success wins, the other is aborted. Time is scaled: every latency is slept ÷${report.timeScale} on real timers (1 ms of timer lateness is ${report.timeScale} ms here) and reported ×${report.timeScale}. A fan-out's makespan is its run's \`makespanMs\`; requests count every execution, hedges included.`,
    results,
    "### Targets",
    verdicts,
  ].join("\n\n");
}

async function main() {
  await runPartMain({
    name: "hedging",
    title: "hedging",
    run: runHedging,
    summary: (report) => {
      const { results, verdicts } = hedgingTables(report);
      return [
        `\nLatencies slept ÷${report.timeScale}, reported ×${report.timeScale}.\n\n${results}\n\n${verdicts}\n`,
        missedTargetsLine(hedgingVerdicts(report)),
      ];
    },
    section: hedgingSection,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
