import type { Admission, Schedulable } from "../../src/scheduler/admission.js";
import type { PoolDemand } from "../../src/scheduler/pool-demand.js";
import { Pools } from "../../src/scheduler/pools.js";
import type { ReadyHeap } from "../../src/scheduler/ready-heap.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

/** The real scheduler on a clock the simulation moves. */
class VirtualScheduler extends Scheduler {
  time = 0;
  override now(): number {
    return this.time;
  }
}

/** One call of a simulated workload. */
export interface SimulatedCall {
  /** Amount taken from each pool, by pool index (0: none). */
  demand: number[];
  rank: number;
  /** What the scheduler is told the call will take. */
  estimate: number;
  /** What it really takes. */
  duration: number;
  arrival: number;
  /** When it is cancelled if it has not started by then. */
  cancelAt?: number | undefined;
}

export interface SimulationOptions {
  capacities: number[];
  calls: SimulatedCall[];
  /** The scheduler's global limit. */
  concurrency: number;
  /**
   * A stream of small low-ranked calls (one unit of pool 0, estimate and duration `duration`), one arriving every
   * `every` ms while any other call has yet to start: the workload that starves a large call under greedy admission.
   */
  stream?: { every: number; duration: number } | undefined;
  /** Called after each round of admissions: the state the scheduler left, to check. */
  onRound?: (state: SimulationState) => void;
}

export interface SimulationState {
  time: number;
  capacities: number[];
  inUse: number[];
  /** Calls that arrived, are not cancelled, and have not started: best-ranked first. */
  waiting: SimulationItem[];
  running: SimulationItem[];
}

export interface SimulationItem extends Schedulable {
  readonly index: number;
  readonly spec: SimulatedCall;
  readonly isStream: boolean;
  startedAt: number | undefined;
  endedAt: number | undefined;
  isCancelled: boolean;
}

export interface SimulationResult {
  items: SimulationItem[];
  /** The most ever taken from each pool at once. */
  maxInUse: number[];
  streamCalls: number;
}

const maxStream = 5000;

/**
 * Runs a workload through the real Scheduler and Pools on a virtual clock: calls arrive, start when the scheduler
 * dispatches them, end after their true duration, and may be cancelled while they wait.
 */
export function simulate(options: SimulationOptions): SimulationResult {
  const { capacities } = options;
  const scheduler = new VirtualScheduler(options.concurrency);
  const pools = new Pools(Object.fromEntries(capacities.map((capacity, index) => [`p${index}`, capacity])));
  const demands = new Map<string, PoolDemand>();
  const demandFor = (demand: number[]): PoolDemand => {
    const key = demand.join(",");
    let admission = demands.get(key);
    if (admission === undefined) {
      const uses = Object.fromEntries(
        demand.flatMap((amount, pool) => (amount > 0 ? [[`p${pool}`, amount] as const] : [])),
      );
      admission = pools.demand(`tool-${key}`, uses);
      demands.set(key, admission);
    }
    return admission;
  };
  const inUse = capacities.map(() => 0);
  const maxInUse = capacities.map(() => 0);
  const items: SimulationItem[] = [];
  const running: SimulationItem[] = [];
  const arrived: SimulationItem[] = [];
  const makeItem = (spec: SimulatedCall, isStream: boolean): SimulationItem => {
    const item: SimulationItem = {
      index: items.length,
      spec,
      isStream,
      rank: spec.rank,
      sequence: items.length,
      heapTicket: 0,
      queuedIn: undefined as ReadyHeap<never> | undefined,
      gates: [demandFor(spec.demand)] as readonly Admission[],
      estimate: spec.estimate,
      startedAt: undefined,
      endedAt: undefined,
      isCancelled: false,
      dispatch: () => {
        if (item.isCancelled || item.startedAt !== undefined)
          throw new Error(`call ${item.index} started twice`);
        item.startedAt = scheduler.time;
        spec.demand.forEach((amount, pool) => {
          inUse[pool] = (inUse[pool] as number) + amount;
          maxInUse[pool] = Math.max(maxInUse[pool] as number, inUse[pool] as number);
        });
        running.push(item);
        return true;
      },
    };
    items.push(item);
    return item;
  };
  const pending = options.calls
    .map((spec) => makeItem(spec, false))
    .sort((a, b) => a.spec.arrival - b.spec.arrival || a.index - b.index);
  let nextStreamAt = options.stream === undefined ? Number.POSITIVE_INFINITY : 0;
  let streamCalls = 0;
  const planWaiting = (): boolean =>
    items.some((item) => !item.isStream && !item.isCancelled && item.startedAt === undefined);
  for (let round = 0; round < 100_000; round++) {
    const time = scheduler.time;
    while (pending.length > 0 && (pending[0] as SimulationItem).spec.arrival <= time) {
      const item = pending.shift() as SimulationItem;
      arrived.push(item);
      scheduler.enqueue(item);
    }
    if (options.stream !== undefined && nextStreamAt <= time && planWaiting() && streamCalls < maxStream) {
      const { duration } = options.stream;
      const spec = { demand: [1], rank: -1, estimate: duration, duration, arrival: time };
      const item = makeItem(spec, true);
      arrived.push(item);
      scheduler.enqueue(item);
      streamCalls++;
      nextStreamAt = time + options.stream.every;
    }
    for (const item of arrived) {
      if (item.startedAt === undefined && !item.isCancelled && (item.spec.cancelAt ?? Infinity) <= time) {
        item.isCancelled = true;
        scheduler.remove(item);
      }
    }
    scheduler.pump();
    const waiting = arrived
      .filter((item) => item.startedAt === undefined && !item.isCancelled)
      .sort((a, b) => b.rank - a.rank || a.sequence - b.sequence);
    options.onRound?.({ time, capacities, inUse: [...inUse], waiting, running: [...running] });
    const ends = running.map((item) => (item.startedAt as number) + item.spec.duration);
    const cancels = arrived.flatMap((item) =>
      item.startedAt === undefined && !item.isCancelled && item.spec.cancelAt !== undefined
        ? [item.spec.cancelAt]
        : [],
    );
    const next = Math.min(
      pending[0]?.spec.arrival ?? Number.POSITIVE_INFINITY,
      planWaiting() && streamCalls < maxStream ? nextStreamAt : Number.POSITIVE_INFINITY,
      ...ends,
      ...cancels,
    );
    if (next === Number.POSITIVE_INFINITY) break;
    scheduler.time = next;
    running.sort(
      (a, b) => (a.startedAt as number) + a.spec.duration - ((b.startedAt as number) + b.spec.duration),
    );
    while (running.length > 0) {
      const item = running[0] as SimulationItem;
      if ((item.startedAt as number) + item.spec.duration > next) break;
      running.shift();
      item.endedAt = next;
      item.spec.demand.forEach((amount, pool) => {
        inUse[pool] = (inUse[pool] as number) - amount;
      });
      scheduler.release(item);
    }
  }
  return { items, maxInUse, streamCalls };
}
