import { markdownTable } from "./markdown-table.js";
import { realClock } from "./real-clock.js";
import { runPGraph, runWeft } from "./schedule-contenders.js";
import { lowerBoundMs, scheduleInstance } from "./schedule-instance.js";
import { qualityContenders } from "./schedule-quality.js";
import { VirtualClock } from "./virtual-clock.js";

/**
 * Checks the virtual clock against the wall clock: runs the same small instances with a real `setTimeout` in each
 * tool, and compares each contender's makespan ÷ lower bound with its virtual-time figure. Real timers fire a little
 * late (about a millisecond each, and the lateness adds up along a chain), so real ratios run a few percent higher;
 * what must hold is that the ordering and the gaps between contenders are the same.
 *
 * @param {{ size: number, cap: number, shapes: string[], seed: number }} options
 */
export async function runRealTimeCheck({ size, cap, shapes, seed }) {
  const results = [];
  for (const shape of shapes) {
    const instance = scheduleInstance({ size, seed, shape });
    const boundMs = lowerBoundMs(instance, cap);
    const clock = new VirtualClock().install();
    let virtual;
    try {
      virtual = await measure(instance, cap, clock);
    } finally {
      clock.uninstall();
    }
    const real = await measure(instance, cap, realClock);
    results.push({ shape, size, cap, seed, boundMs, virtual, real });
  }
  return results;
}

async function measure(instance, cap, clock) {
  const weft = await runWeft(instance, cap, clock);
  return {
    weftDeclared: weft.declaredMs,
    weftTaught: weft.taughtMs,
    pGraph: await runPGraph(instance, cap, clock, { isInformed: false }),
    pGraphInformed: await runPGraph(instance, cap, clock, { isInformed: true }),
  };
}

export function realTimeTable(results) {
  const rows = results.flatMap(({ shape, size, cap, boundMs, virtual, real }) =>
    qualityContenders.map(({ key, label }) => [
      `${shape}, ${size} calls, cap ${cap}`,
      label,
      virtual[key].toFixed(0),
      real[key].toFixed(0),
      (virtual[key] / boundMs).toFixed(3),
      (real[key] / boundMs).toFixed(3),
      (real[key] / virtual[key]).toFixed(3),
      `${(virtual[key] / virtual.pGraphInformed).toFixed(3)} / ${(real[key] / real.pGraphInformed).toFixed(3)}`,
    ]),
  );
  return markdownTable(
    [
      "instance",
      "contender",
      "virtual ms",
      "real ms",
      "virtual ÷ bound",
      "real ÷ bound",
      "real ÷ virtual",
      "÷ informed p-graph (virtual / real)",
    ],
    rows,
    { alignRight: [2, 3, 4, 5, 6, 7] },
  );
}
