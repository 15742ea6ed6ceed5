import { scheduleInstance } from "./schedule-instance.js";
import { SeededRandom } from "./seeded-random.js";

/** How many keys the lock-heavy workload's writes and reads spread over. */
export const lockKeyCount = 4;

/**
 * @typedef {object} LockInstance
 * @property {import("./schedule-instance.js").ScheduleInstance} schedule the DAG, tool kinds and durations
 * @property {({ key: string, mode: "read" | "write" } | undefined)[]} claimOfCall each call's key and mode, if any
 */

/**
 * A lock-heavy workload: the schedule-quality benchmark's DAG of calls with lognormal durations (`scheduleInstance`),
 * where a third of the calls write one of 4 keys, a third read one, and a third touch no key, drawn with a seeded
 * random source of their own.
 *
 * @param {{ size: number, seed: number, shape: "wide" | "deep" }} options
 * @returns {LockInstance}
 */
export function lockInstance({ size, seed, shape }) {
  const schedule = scheduleInstance({ size, seed, shape });
  const random = new SeededRandom(seed ^ 0x2c1b3c6d);
  const claimOfCall = [];
  for (let index = 0; index < size; index++) {
    const draw = random.next();
    const key = `key${random.integer(lockKeyCount)}`;
    claimOfCall.push(
      draw < 1 / 3 ? { key, mode: "write" } : draw < 2 / 3 ? { key, mode: "read" } : undefined,
    );
  }
  return { schedule, claimOfCall };
}

/**
 * No schedule on `cap` slots that never overlaps a write of a key with another call holding that key can finish
 * sooner than the largest of:
 * - the critical path by true durations, and total work ÷ cap (as in the schedule-quality benchmark);
 * - for each key, the sum of its writes' durations, plus the longest of its reads: the writes of a key run one at a
 *   time, and its reads run while none of them does.
 *
 * @param {LockInstance} instance
 * @param {number} cap
 */
export function lockLowerBound(instance, cap) {
  const { schedule, claimOfCall } = instance;
  const writes = new Map();
  const longestRead = new Map();
  claimOfCall.forEach((claim, index) => {
    if (claim === undefined) return;
    const duration = schedule.durationMs[index];
    if (claim.mode === "write") writes.set(claim.key, (writes.get(claim.key) ?? 0) + duration);
    else longestRead.set(claim.key, Math.max(longestRead.get(claim.key) ?? 0, duration));
  });
  let keyMs = 0;
  for (const [key, sum] of writes) keyMs = Math.max(keyMs, sum + (longestRead.get(key) ?? 0));
  const pathMs = schedule.criticalPathMs;
  const workMs = schedule.totalWorkMs / cap;
  return { boundMs: Math.max(pathMs, workMs, keyMs), pathMs, workMs, keyMs };
}

/**
 * How long each key is busy at the least when its calls are granted in plan order, as weft grants calls waiting for a
 * key: its writes one after the other, and between two writes the reads that come between them in the plan, together
 * (as long as the longest of them). The largest over keys. With every call ready at once this is what keeping plan
 * order costs by itself; it is not a strict lower bound for weft, which lets a later call go first while an earlier
 * one is not ready yet (and may so merge two runs of reads), but it is the reference a scheduler that keeps plan
 * order is judged against.
 *
 * @param {LockInstance} instance
 */
export function planOrderKeyMs(instance) {
  const { schedule, claimOfCall } = instance;
  const busy = new Map();
  const readRun = new Map();
  claimOfCall.forEach((claim, index) => {
    if (claim === undefined) return;
    const duration = schedule.durationMs[index];
    if (claim.mode === "read") {
      readRun.set(claim.key, Math.max(readRun.get(claim.key) ?? 0, duration));
      return;
    }
    busy.set(claim.key, (busy.get(claim.key) ?? 0) + (readRun.get(claim.key) ?? 0) + duration);
    readRun.set(claim.key, 0);
  });
  let longest = 0;
  for (const key of new Set([...busy.keys(), ...readRun.keys()])) {
    longest = Math.max(longest, (busy.get(key) ?? 0) + (readRun.get(key) ?? 0));
  }
  return longest;
}
