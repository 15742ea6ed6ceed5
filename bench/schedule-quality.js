import { markdownTable } from "./markdown-table.js";
import { runPGraph, runWeft } from "./schedule-contenders.js";
import { lowerBoundMs, scheduleInstance } from "./schedule-instance.js";
import { largest, median } from "./statistics.js";
import { VirtualClock } from "./virtual-clock.js";

/** The contenders of the quality benchmark, in the order the tables show them. */
export const qualityContenders = [
  { key: "weftDeclared", label: "weft, declared estimates (1st run)" },
  { key: "weftTaught", label: "weft, learned estimates (2nd run)" },
  { key: "pGraph", label: "p-graph, no priorities" },
  { key: "pGraphInformed", label: "p-graph, true durations as priorities" },
];

export const qualityTargets = { weftDeclared: 1.1, weftTaught: 1.05, behindInformed: 1.03 };

/**
 * Runs every contender on every (size, shape, seed) instance at every cap, in virtual time, and returns each case's
 * makespans and their ratios to the lower bound.
 *
 * @param {{ sizes: number[], shapes: string[], seeds: number[], caps: number[] }} options
 */
export async function runScheduleQuality({ sizes, shapes, seeds, caps }) {
  const cases = [];
  for (const size of sizes) {
    for (const shape of shapes) {
      for (const seed of seeds) {
        const instance = scheduleInstance({ size, seed, shape });
        for (const cap of caps) cases.push(await measureCase(instance, cap));
      }
    }
  }
  return { cases, caps, verdicts: judge(cases) };
}

async function measureCase(instance, cap) {
  const clock = new VirtualClock().install();
  try {
    const weft = await runWeft(instance, cap, clock);
    const makespans = {
      weftDeclared: weft.declaredMs,
      weftTaught: weft.taughtMs,
      pGraph: await runPGraph(instance, cap, clock, { isInformed: false }),
      pGraphInformed: await runPGraph(instance, cap, clock, { isInformed: true }),
    };
    if (clock.pending !== 0) throw new Error("a contender finished with timers still pending");
    const boundMs = lowerBoundMs(instance, cap);
    const ratios = Object.fromEntries(
      Object.entries(makespans).map(([key, value]) => [key, value / boundMs]),
    );
    return {
      size: instance.dag.size,
      shape: instance.shape,
      seed: instance.seed,
      cap,
      boundMs,
      isPathBound: instance.criticalPathMs >= instance.totalWorkMs / cap,
      makespans,
      ratios,
      estimateError: estimateErrors(instance, weft.learned),
    };
  } finally {
    clock.uninstall();
  }
}

/** How far the declared and the learned estimates are from each tool's true median (geometric mean of the factor). */
function estimateErrors(instance, learned) {
  const factor = (estimate, truth) => Math.exp(Math.abs(Math.log(estimate / truth)));
  const geometricMean = (values) =>
    Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
  const used = instance.tools
    .map((tool, index) => ({ tool, learnedMs: learned[index] }))
    .filter((entry) => entry.learnedMs !== undefined);
  return {
    declared: geometricMean(used.map(({ tool }) => factor(tool.declaredMs, tool.medianMs))),
    learned: geometricMean(used.map(({ tool, learnedMs }) => factor(learnedMs, tool.medianMs))),
  };
}

function judge(cases) {
  const worst = (key) => largest(cases.map((entry) => entry.ratios[key]));
  const behind = (key) =>
    largest(cases.map((entry) => entry.makespans[key] / entry.makespans.pGraphInformed));
  const percent = (ratio) => `${((ratio - 1) * 100).toFixed(1)}%`;
  return [
    {
      target: `weft with declared estimates ≤ ${qualityTargets.weftDeclared} × lower bound (every case)`,
      measured: `median ${median(cases.map((entry) => entry.ratios.weftDeclared)).toFixed(3)}, worst ${worst("weftDeclared").toFixed(3)}`,
      isMet: worst("weftDeclared") <= qualityTargets.weftDeclared,
    },
    {
      target: `weft with learned estimates ≤ ${qualityTargets.weftTaught} × lower bound (every case)`,
      measured: `median ${median(cases.map((entry) => entry.ratios.weftTaught)).toFixed(3)}, worst ${worst("weftTaught").toFixed(3)}`,
      isMet: worst("weftTaught") <= qualityTargets.weftTaught,
    },
    {
      target:
        "weft with learned estimates never more than 3% behind p-graph given true durations (every case)",
      measured: `worst ${percent(behind("weftTaught"))} behind`,
      isMet: behind("weftTaught") <= qualityTargets.behindInformed,
    },
    {
      target:
        "weft with declared estimates never more than 3% behind p-graph given true durations (every case; the stricter reading of the target)",
      measured: `worst ${percent(behind("weftDeclared"))} behind`,
      isMet: behind("weftDeclared") <= qualityTargets.behindInformed,
    },
  ];
}

/** Median and worst ratio to the lower bound per cap and contender, then per size. */
export function qualityTables({ cases, caps }) {
  const headers = [
    "cap",
    "cases",
    ...qualityContenders.map((contender) => `${contender.label}: median / worst`),
  ];
  const rows = [...caps, "all"].map((cap) => {
    const selected = cap === "all" ? cases : cases.filter((entry) => entry.cap === cap);
    return [
      cap,
      selected.length,
      ...qualityContenders.map(({ key }) => {
        const ratios = selected.map((entry) => entry.ratios[key]);
        return `${median(ratios).toFixed(3)} / ${largest(ratios).toFixed(3)}`;
      }),
    ];
  });
  const byCap = markdownTable(headers, rows, { alignRight: [0, 1] });

  const sizes = [...new Set(cases.map((entry) => entry.size))];
  const sizeRows = [];
  for (const size of sizes) {
    for (const cap of caps) {
      const selected = cases.filter((entry) => entry.size === size && entry.cap === cap);
      const pathBound = selected.filter((entry) => entry.isPathBound).length;
      sizeRows.push([
        size,
        cap,
        `${pathBound}/${selected.length}`,
        ...qualityContenders.map(({ key }) => median(selected.map((entry) => entry.ratios[key])).toFixed(3)),
      ]);
    }
  }
  const bySize = markdownTable(
    ["calls", "cap", "bound is the critical path", ...qualityContenders.map((contender) => contender.label)],
    sizeRows,
    { alignRight: [0, 1, 2, 3, 4, 5, 6] },
  );

  const behindRows = caps.map((cap) => {
    const selected = cases.filter((entry) => entry.cap === cap);
    return [
      cap,
      ...["weftDeclared", "weftTaught"].flatMap((key) => {
        const gaps = selected.map((entry) => entry.makespans[key] / entry.makespans.pGraphInformed);
        return [median(gaps).toFixed(3), largest(gaps).toFixed(3)];
      }),
    ];
  });
  const behind = markdownTable(
    ["cap", "declared ÷ informed p-graph: median", "worst", "learned ÷ informed p-graph: median", "worst"],
    behindRows,
    { alignRight: [0, 1, 2, 3, 4] },
  );

  const worstRows = ["weftDeclared", "weftTaught"].flatMap((key) =>
    [...cases]
      .sort(
        (a, b) =>
          b.makespans[key] / b.makespans.pGraphInformed - a.makespans[key] / a.makespans.pGraphInformed,
      )
      .slice(0, 3)
      .map((entry) => [
        qualityContenders.find((contender) => contender.key === key).label,
        `${entry.shape}, ${entry.size} calls, seed ${entry.seed}, cap ${entry.cap}`,
        entry.ratios[key].toFixed(3),
        entry.ratios.pGraphInformed.toFixed(3),
        `${((entry.makespans[key] / entry.makespans.pGraphInformed - 1) * 100).toFixed(1)}%`,
      ]),
  );
  const worstCases = markdownTable(
    ["weft", "instance", "weft ÷ bound", "informed p-graph ÷ bound", "weft behind by"],
    worstRows,
    { alignRight: [2, 3, 4] },
  );

  const declaredErrors = cases.map((entry) => entry.estimateError.declared);
  const learnedErrors = cases.map((entry) => entry.estimateError.learned);
  const estimates = `Estimates against each tool's true median duration (geometric mean of the factor off, median over cases): declared ×${median(declaredErrors).toFixed(2)}, learned by the first run ×${median(learnedErrors).toFixed(2)}.`;
  return { byCap, bySize, behind, worstCases, estimates };
}
