// The demo's closing lines: the two measured wall times, the speedup between them, and the plain reason when running
// in parallel barely helped.
import { cpus } from "node:os";

/** @returns {string} "840 ms" or "12.3 s" */
export function formatMs(milliseconds) {
  return milliseconds < 10_000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}

/**
 * How busy the CPUs are, measured over `durationMs`: 0 idle, 1 every core busy. Taken before the demo runs anything,
 * it tells how much of the machine other programs leave to the demo.
 *
 * @returns {Promise<number>}
 */
export async function sampleCpuBusy(durationMs) {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const after = cpuTimes();
  const total = after.total - before.total;
  return total <= 0 ? 0 : 1 - (after.idle - before.idle) / total;
}

function cpuTimes() {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/**
 * @param {object} measured
 * @param {number} measured.calls how many calls the plan has
 * @param {string} measured.concurrency the parallel run's --concurrency
 * @param {{ makespanMs: number, sequentialMs: number } | undefined} measured.oneByOne the --concurrency 1 run
 * @param {{ makespanMs: number, sequentialMs: number }} measured.parallel the parallel run
 * @param {number} measured.cores
 * @param {number} measured.busyBefore the share of the CPUs other programs used before the demo started
 * @returns {string[]} the lines to print
 */
export function describeComparison({ calls, concurrency, oneByOne, parallel, cores, busyBefore }) {
  const busy = `${Math.round(busyBefore * 100)}% busy with other programs before the demo started`;
  const lines = [`Measured wall time of the same ${calls} calls (this machine: ${cores} cores, ${busy}):`];
  const row = (label, value) => `  ${label.padEnd(32)}${value.padStart(9)}`;
  if (oneByOne !== undefined) lines.push(row("one by one  (--concurrency 1)", formatMs(oneByOne.makespanMs)));
  lines.push(row(`in parallel (--concurrency ${concurrency})`, formatMs(parallel.makespanMs)));
  if (oneByOne === undefined || parallel.makespanMs <= 0) return lines;
  const speedup = oneByOne.makespanMs / parallel.makespanMs;
  lines.push(row("speedup", `${speedup.toFixed(2)}×`));
  lines.push(
    `For reference, the calls' own durations add up to ${formatMs(oneByOne.sequentialMs)} one by one and ${formatMs(parallel.sequentialMs)} in parallel, where calls side by side each take longer: that sum is no measure of the speedup.`,
  );
  if (speedup < 1.2) lines.push(explainSlowSpeedup({ speedup, oneByOne, calls, cores, busyBefore }));
  return lines;
}

function explainSlowSpeedup({ speedup, oneByOne, calls, cores, busyBefore }) {
  const reasons = [];
  const freeCores = cores * (1 - busyBefore);
  if (cores === 1) reasons.push("this machine has a single core, so CPU work cannot overlap");
  else if (freeCores < 1.5) {
    reasons.push(
      `other programs were using ${Math.round(busyBefore * 100)}% of the ${cores} cores, leaving about ${freeCores.toFixed(1)} core(s) free, and these calls are CPU work (git, npm and file reads), which cannot go faster than the free cores`,
    );
  }
  const perCallMs = oneByOne.makespanMs / calls;
  if (perCallMs < 2) {
    reasons.push(
      `the calls are tiny (${perCallMs.toFixed(1)} ms each on average), so starting processes and weft's own bookkeeping are a large share of the time`,
    );
  }
  if (reasons.length === 0) {
    reasons.push(
      `the calls are CPU work (git, npm and file reads) on ${cores} cores, and every process is started from weft's one main thread, which waits a few milliseconds for each (fork and exec), so that part never overlaps`,
    );
  }
  return `Only ${speedup.toFixed(2)}×: ${reasons.join("; ")}. Calls that wait (network, remote APIs, slow disks) gain far more.`;
}
