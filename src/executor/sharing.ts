import type { CallStatus } from "../events/run-result.js";
import { isThenable } from "../runtime/is-thenable.js";
import type { CacheEntry } from "../store/cache-store.js";
import { canonicalJson } from "../store/canonical-json.js";
import type { CallState } from "./call-state.js";
import type { ExecutorCore } from "./executor-core.js";

/**
 * What idempotent calls share across every run of an executor: the result cache, and the identical calls in flight
 * that later ones join instead of running again. A call's key is its tool and its canonical input.
 */

/**
 * Gives an idempotent call its key and returns a cached output for it, if there is one: at once from a store that
 * answers at once, as a promise from one across the network. A lookup that throws, rejects or answers something that
 * is not an entry is a miss: the cache never fails a call.
 */
export function cachedOutput(
  core: ExecutorCore,
  call: CallState,
): CacheEntry | undefined | Promise<CacheEntry | undefined> {
  if (!call.policy.idempotent) return undefined;
  call.key = keyOf(call.tool.name, call.input);
  if (call.key === undefined || call.policy.cacheTtlMs === undefined) return undefined;
  try {
    const found: unknown = core.cache.get(call.key);
    return isThenable(found)
      ? Promise.resolve(found)
          .then(asEntry)
          .catch(() => undefined)
      : asEntry(found);
  } catch {
    return undefined;
  }
}

function asEntry(found: unknown): CacheEntry | undefined {
  return typeof found === "object" && found !== null && "value" in found ? (found as CacheEntry) : undefined;
}

/** Keeps a success in the cache; a write that throws or rejects is dropped, since the call has succeeded. */
function cacheOutput(core: ExecutorCore, key: string, output: unknown, ttlMs: number): void {
  try {
    const written: unknown = core.cache.set(key, output, ttlMs);
    if (isThenable(written)) written.then(undefined, () => {});
  } catch {
    // Dropped: see above.
  }
}

/**
 * Makes a call about to start either the leader of its key or a follower of the identical call already running.
 * Returns the leader it joined, or undefined when it runs itself.
 */
export function joinInFlight(core: ExecutorCore, call: CallState): CallState | undefined {
  const key = call.key;
  if (key === undefined) return undefined;
  const leader = core.inFlight.get(key);
  if (leader === undefined || leader === call) {
    core.inFlight.set(key, call);
    return undefined;
  }
  call.leader = leader;
  call.isDeduplicated = true;
  leader.followers ??= [];
  leader.followers.push(call);
  return leader;
}

/** A follower that stops waiting (its run was cancelled) leaves its leader. */
export function leaveLeader(call: CallState): void {
  const leader = call.leader;
  if (leader?.followers !== undefined)
    leader.followers = leader.followers.filter((follower) => follower !== call);
  call.leader = undefined;
}

/**
 * A call ended: if it led its key, the key is free again, a success is cached, and its followers are returned so that
 * each can take the outcome (or run alone, if the leader was cancelled).
 */
export function releaseInFlight(
  core: ExecutorCore,
  call: CallState,
  status: CallStatus,
  output: unknown,
): readonly CallState[] {
  const key = call.key;
  if (key === undefined || core.inFlight.get(key) !== call) return noFollowers;
  core.inFlight.delete(key);
  if (status === "succeeded" && call.policy.cacheTtlMs !== undefined)
    cacheOutput(core, key, output, call.policy.cacheTtlMs);
  const followers = call.followers ?? noFollowers;
  call.followers = undefined;
  return followers;
}

const noFollowers: readonly CallState[] = Object.freeze([]);

function keyOf(toolName: string, input: unknown): string | undefined {
  try {
    return `${toolName}\u0000${canonicalJson(input)}`;
  } catch {
    // An input JSON cannot express (a BigInt, a cycle) is simply never shared.
    return undefined;
  }
}
