/**
 * The lock-heavy benchmark (issue 4, benchmark 5): a DAG of calls where a third write one of 4 keys, a third read
 * one and a third touch none, run by weft with resource locks, in virtual time. Reports makespan ÷ a lower bound that
 * counts the serialised writes of each key.
 *
 *   node --expose-gc bench/locks.js [--quick] [--no-write]
 *
 * Needs a build (`npx tsc -p tsconfig.build.json`): it imports ../dist. A full run rewrites the "locks" section of
 * bench/RESULTS.md; a quick run writes nothing.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Executor } from "../dist/index.js";
import { lockInstance, lockLowerBound, planOrderKeyMs } from "./lock-instance.js";
import { markdownTable } from "./markdown-table.js";
import { describePartRun, partHeader, writeResultsSection } from "./part-main.js";
import { dependenciesOf } from "./random-dag.js";
import { largest, median } from "./statistics.js";
import { VirtualClock } from "./virtual-clock.js";

export const locksTarget = 1.1;

/**
 * Runs weft on every (size, shape, seed) instance at every cap, in virtual time: a first run ranking calls by each
 * tool's declared estimate, and a second on the same executor ranking them by what the first taught it.
 *
 * @param {{ sizes: number[], shapes: string[], seeds: number[], caps: number[] }} settings
 */
export async function runLocks({ sizes, shapes, seeds, caps }) {
  const cases = [];
  for (const size of sizes) {
    for (const shape of shapes) {
      for (const seed of seeds) {
        const instance = lockInstance({ size, seed, shape });
        const planOrderMs = planOrderKeyMs(instance);
        for (const cap of caps) {
          const bound = lockLowerBound(instance, cap);
          const referenceMs = Math.max(bound.pathMs, bound.workMs, planOrderMs);
          const clock = new VirtualClock().install();
          try {
            const { declaredMs, taughtMs } = await runWeftWithLocks(instance, cap, clock);
            if (clock.pending !== 0) throw new Error("weft finished with timers still pending");
            cases.push({
              size,
              shape,
              seed,
              cap,
              ...bound,
              planOrderMs,
              referenceMs,
              declaredMs,
              taughtMs,
              declared: declaredMs / bound.boundMs,
              taught: taughtMs / bound.boundMs,
              planOrderCost: referenceMs / bound.boundMs,
              declaredToReference: declaredMs / referenceMs,
              taughtToReference: taughtMs / referenceMs,
            });
          } finally {
            clock.uninstall();
          }
        }
      }
    }
  }
  return { cases, caps, verdicts: judgeLocks(cases) };
}

async function runWeftWithLocks(instance, cap, clock) {
  const { schedule, claimOfCall } = instance;
  const tools = schedule.tools.map((tool) => ({
    name: tool.name,
    estimateMs: tool.declaredMs,
    resources: (input) => (input.claim === undefined ? [] : [input.claim]),
    execute: (input) => clock.sleep(input.ms),
  }));
  const executor = new Executor({ tools, concurrency: cap });
  const calls = Array.from({ length: schedule.dag.size }, (_, index) => ({
    id: `c${index}`,
    tool: schedule.tools[schedule.toolOfCall[index]].name,
    args: { ms: schedule.durationMs[index], claim: claimOfCall[index] },
    after: Array.from(dependenciesOf(schedule.dag, index), (dependency) => `c${dependency}`),
  }));
  const makespan = async () => {
    const start = clock.now;
    const result = await executor.run(calls).result();
    if (result.status !== "succeeded") throw new Error(`weft run ended ${result.status}`);
    return clock.now - start;
  };
  const declaredMs = await makespan();
  const taughtMs = await makespan();
  return { declaredMs, taughtMs };
}

function judgeLocks(cases) {
  const summary = (key) =>
    `median ${median(cases.map((entry) => entry[key])).toFixed(3)}, worst ${largest(cases.map((entry) => entry[key])).toFixed(3)}`;
  const isWithin = (key, limit) => largest(cases.map((entry) => entry[key])) <= limit;
  return [
    ...["declared", "taught"].map((key) => ({
      target: `lock-heavy workload, ${key === "declared" ? "declared" : "learned"} estimates: makespan ≤ ${locksTarget} × lower bound (every case)`,
      measured: summary(key),
      isMet: isWithin(key, locksTarget),
    })),
    ...["declared", "taught"].map((key) => ({
      target: `lock-heavy workload, ${key === "declared" ? "declared" : "learned"} estimates: makespan ≤ ${locksTarget} × plan-order reference (every case)`,
      measured: summary(`${key}ToReference`),
      isMet: isWithin(`${key}ToReference`, locksTarget),
    })),
  ];
}

const ratio = (cases, key) =>
  `${median(cases.map((entry) => entry[key])).toFixed(3)} / ${largest(cases.map((entry) => entry[key])).toFixed(3)}`;

/** Median / worst ratios per cap and per shape, and which bound binds how often. */
export function locksTables({ cases, caps }) {
  const groups = [
    ...caps.map((cap) => ({ label: `cap ${cap}`, selected: cases.filter((entry) => entry.cap === cap) })),
    ...[...new Set(cases.map((entry) => entry.shape))].map((shape) => ({
      label: `shape ${shape}`,
      selected: cases.filter((entry) => entry.shape === shape),
    })),
    { label: "all", selected: cases },
  ];
  const rows = groups.map(({ label, selected }) => {
    const binding = (name) => selected.filter((entry) => entry.boundMs === entry[name]).length;
    return [
      label,
      selected.length,
      `${binding("keyMs")} / ${binding("pathMs")} / ${binding("workMs")}`,
      ratio(selected, "declared"),
      ratio(selected, "taught"),
      ratio(selected, "planOrderCost"),
      ratio(selected, "declaredToReference"),
      ratio(selected, "taughtToReference"),
    ];
  });
  return markdownTable(
    [
      "cases",
      "count",
      "bound is key / path / work",
      "weft declared ÷ bound: median / worst",
      "weft learned ÷ bound",
      "plan-order reference ÷ bound",
      "weft declared ÷ reference",
      "weft learned ÷ reference",
    ],
    rows,
    { alignRight: [1] },
  );
}

export function verdictLines(verdicts) {
  return markdownTable(
    ["target", "measured", "verdict"],
    verdicts.map((verdict) => [verdict.target, verdict.measured, verdict.isMet ? "met" : "**MISSED**"]),
  );
}

/** The instances a run measures: a quick run takes the two smaller sizes and two seeds. */
export function locksSettings({ isQuick = false, seeds } = {}) {
  return {
    sizes: isQuick ? [200, 500] : [200, 500, 1000, 2000],
    shapes: ["wide", "deep"],
    seeds: Array.from({ length: seeds ?? (isQuick ? 2 : 5) }, (_, index) => index + 1),
    caps: [4, 16, 64],
  };
}

/**
 * The whole part, as `bench/run.js` may call it: measures, prints the tables and verdicts, and unless `isWriting` is
 * false rewrites the "locks" section of bench/RESULTS.md. Returns the report (cases and verdicts).
 *
 * @param {{ isQuick?: boolean, isWriting?: boolean, seeds?: number, command?: string }} [options]
 */
export async function runLocksPart({ isQuick = false, isWriting = !isQuick, seeds, command } = {}) {
  const settings = locksSettings({ isQuick, seeds });
  const record = describePartRun("locks", { command });
  console.log(partHeader("lock-heavy", record));
  const report = await runLocks(settings);
  const table = locksTables(report);
  const verdicts = verdictLines(report.verdicts);
  console.log(`${table}\n\n${verdicts}\n`);
  for (const verdict of report.verdicts) {
    console.log(`${verdict.isMet ? "met" : "MISSED"}: ${verdict.target} (${verdict.measured})`);
  }
  if (!isWriting) return report;
  const path = writeResultsSection("locks", locksSection({ ...record, settings, table, verdicts }));
  console.log(`\nWrote the locks section of ${path}`);
  return report;
}

async function main() {
  const { values: flags } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      "no-write": { type: "boolean", default: false },
      seeds: { type: "string" },
    },
  });
  const seeds = flags.seeds === undefined ? undefined : Number(flags.seeds);
  if (seeds !== undefined && !(Number.isInteger(seeds) && seeds >= 1)) {
    console.error(`--seeds must be a whole number of at least 1, got ${JSON.stringify(flags.seeds)}`);
    process.exit(2);
  }
  await runLocksPart({ isQuick: flags.quick, isWriting: !flags.quick && !flags["no-write"], seeds });
}

function locksSection({ settings, date, machine, sourceVersion, command, table, verdicts }) {
  return [
    "## Lock-heavy workload: makespan ÷ lower bound",
    "",
    `- Command: \`${command}\``,
    `- Date: ${date}`,
    `- weft measured: ${sourceVersion}, compiled to dist/ before the command`,
    `- Machine: ${machine}`,
    "",
    `**Measured in virtual time** (\`bench/virtual-clock.js\`, as the schedule-quality benchmark). Instances (\`bench/lock-instance.js\`): the schedule-quality benchmark's DAGs and lognormal durations (\`scheduleInstance\`), ${settings.sizes.join(", ")} calls × shapes ${settings.shapes.join(" and ")} × seeds ${settings.seeds.join(", ")}, each at caps ${settings.caps.join(", ")}. Each call, by a seeded draw of its own, writes one of 4 keys (a third of the calls), reads one (a third) or touches none (a third); every tool declares \`resources: (input) => [input.claim]\`. weft runs each plan twice on one executor: ranked by declared estimates, then by learned ones.`,
    "",
    "- **Lower bound** = the largest of the critical path, total work ÷ cap, and for each key the sum of its writes plus its longest read (a key's writes run one at a time, and its reads only while none of them runs). No schedule that keeps writes exclusive can beat it, whatever order it grants keys in.",
    "- **Plan-order reference** = the largest of the critical path, total work ÷ cap, and for each key its writes one after the other with, between two writes, the reads that come between them in the plan, together. weft grants calls waiting for a key in plan order (so that a read placed after a write in the plan sees that write, and two writes land in the order they were written): with every call ready, that is how long a key is busy. It is not a strict bound (a later call may go first while an earlier one is not ready yet), but it separates what the semantics cost from what the scheduler adds.",
    "",
    "Median / worst per cap and per shape:",
    "",
    table,
    "",
    verdicts,
    "",
    "The first two rows are the issue's target; the last two judge weft against the plan-order reference, which takes out what the semantics cost by themselves (the table's column \"plan-order reference ÷ bound\").",
    "",
    "Reading the figures: in the wide shape, where most calls are ready early and each key's line holds its calls in plan order, weft's makespan is the plan-order reference to within a few percent: the time over the lower bound is the reads that plan order keeps between writes, which no scheduler keeping that order can batch. The deep shape adds what chains and keys cost together: a call on the critical path waits for the conflicting calls ahead of it on its key.",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
