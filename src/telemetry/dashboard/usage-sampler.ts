import type { ExecutorGauges } from "../../executor/executor-telemetry.js";
import type { PoolUsage } from "../../scheduler/pools.js";
import type { DashboardUsageSample } from "./dashboard-snapshot.js";

/** What the hub reads of an executor it watches: `Executor` is one. */
export interface WatchedExecutor extends ExecutorGauges {
  pools(): Record<string, PoolUsage>;
}

/** How often usage is read while a run goes on, between events. */
const sampleEveryMs = 200;

/**
 * The executor's slots and pools over time, for the dashboard's chart: read at each event, and every `sampleEveryMs`
 * while a run goes on (a call waiting for room changes the pools between events). Keeps a sample only when something
 * changed, and at most `limit` of them.
 */
export class UsageSampler {
  readonly #limit: number;
  readonly #now: () => number;
  readonly #samples: DashboardUsageSample[] = [];
  gauges: ExecutorGauges | undefined;
  watched: WatchedExecutor | undefined;
  /** The executor's limit on running calls, as its latest run started. */
  concurrency = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(limit: number, now: () => number) {
    this.#limit = limit;
    this.#now = now;
  }

  sample(): void {
    const gauges = this.watched ?? this.gauges;
    if (gauges === undefined) return;
    const sample: DashboardUsageSample = {
      timeMs: this.#now(),
      running: gauges.running,
      queued: gauges.queued,
      concurrency: this.concurrency,
      pools: this.watched?.pools() ?? {},
    };
    const last = this.#samples.at(-1);
    if (last !== undefined && sameUsage(last, sample)) return;
    // A burst of events within a few ms would flood the chart: the latest of a burst stands for it.
    if (last !== undefined && sample.timeMs - last.timeMs < 10 && this.#samples.length > 1)
      this.#samples.pop();
    this.#samples.push(sample);
    if (this.#samples.length > this.#limit) this.#samples.splice(0, this.#samples.length - this.#limit);
  }

  /** Samples on a timer while `isBusy()` says a run goes on; the timer never keeps the process alive. */
  keepSampling(isBusy: () => boolean): void {
    if (!isBusy()) {
      this.#stop();
      return;
    }
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      this.sample();
      if (!isBusy()) this.#stop();
    }, sampleEveryMs);
    this.#timer.unref();
  }

  /** At most `count` samples, evenly spread over the whole history, the latest always among them; copies. */
  samples(count: number): DashboardUsageSample[] {
    const all = this.#samples;
    const kept: DashboardUsageSample[] = [];
    if (all.length <= count) kept.push(...all);
    else {
      const step = all.length / count;
      for (let index = 0; index < count - 1; index++)
        kept.push(all[Math.floor(index * step)] as DashboardUsageSample);
      kept.push(all[all.length - 1] as DashboardUsageSample);
    }
    return kept.map((sample) => ({ ...sample, pools: { ...sample.pools } }));
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

function sameUsage(left: DashboardUsageSample, right: DashboardUsageSample): boolean {
  if (left.running !== right.running || left.queued !== right.queued) return false;
  if (left.concurrency !== right.concurrency) return false;
  const names = Object.keys(right.pools);
  if (names.length !== Object.keys(left.pools).length) return false;
  return names.every((name) => {
    const before = left.pools[name];
    const after = right.pools[name];
    return before?.inUse === after?.inUse && before?.waiting === after?.waiting;
  });
}
