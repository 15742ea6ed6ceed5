import type { ResourceClaim } from "../tool/resources.js";
import type { Admission, AdmissionHost, Schedulable } from "./admission.js";
import { KeyLine } from "./key-line.js";

/** The keys a call locks; undefined or empty when it locks none. */
export type ClaimsOf = (item: Schedulable) => readonly ResourceClaim[] | undefined;

/**
 * Read/write locks on resource keys, shared by every run of an executor. Calls holding a key in read mode run
 * together; a call holding it in write mode runs alone with it.
 *
 * - **All or nothing.** A call takes all its keys at once or none, so no call ever holds one key while waiting for
 *   another, and no set of calls can deadlock on keys, in whatever order they name them.
 * - **Plan order.** A call with keys gets in line for each of them when it becomes ready (`enter`) and stays there
 *   until it takes them. A call is admitted only if no call ahead of it in any of its lines (a smaller `sequence`:
 *   earlier in its plan, or in a run started earlier) conflicts with it. So two writes to one key run in the order of
 *   the plan even when the scheduler would rather start the second first, a later request never overtakes an earlier
 *   conflicting one, and a writer is never starved by a stream of later readers: each call waits at most for the calls
 *   ahead of it, of which there are finitely many.
 * - **No lost wake-ups.** A call this table refuses is parked here and handed back (`host.requeue`) as soon as all its
 *   keys may be granted: when a holder releases a key, or a call ahead of it leaves a line without taking the key
 *   (cancelled: `forget`).
 *
 * A call in line blocks later conflicting calls even while it waits for something else (a concurrency limit, a
 * pool): that is the price of keeping plan order, and it cannot deadlock, since it only ever makes a call wait for
 * calls ahead of it.
 *
 * A call that times out or is cancelled gives its keys back when weft gives up on it, as it gives back its slot, so
 * that a hung tool cannot hold a key forever; a tool that ignores its abort signal may still be touching the resource
 * then.
 */
export class LockTable implements Admission {
  readonly name = "locks";
  readonly #claimsOf: ClaimsOf;
  readonly #keys = new Map<string, KeyLine>();
  /** Calls in line for their keys: from the moment they are ready until they take them or are forgotten. */
  readonly #inLine = new Set<Schedulable>();
  /** Calls in line that this table holds; the others wait in the ready heap or in another admission. */
  readonly #parked = new Set<Schedulable>();
  /** The scheduler that parked calls here, to hand them back to when a cancellation lets them through. */
  #host: AdmissionHost | undefined;

  /** @param claimsOf where the table finds the keys of a call (worked out once, when its input was ready). */
  constructor(claimsOf: ClaimsOf) {
    this.#claimsOf = claimsOf;
  }

  /** Keys held or waited for now. */
  get size(): number {
    return this.#keys.size;
  }

  /** Calls in line now (ready, not yet holding their keys). */
  get waiting(): number {
    return this.#inLine.size;
  }

  /** Puts a call that became ready in line for its keys. Calling it again for a call in line changes nothing. */
  enter(item: Schedulable): void {
    const claims = this.#claimsOf(item);
    if (claims === undefined || claims.length === 0 || this.#inLine.has(item)) return;
    this.#inLine.add(item);
    for (const claim of claims) this.#line(claim.key).join(item, claim.mode);
  }

  admits(item: Schedulable): boolean {
    const claims = this.#claimsOf(item);
    if (claims === undefined) return true;
    for (const claim of claims) {
      const line = this.#keys.get(claim.key);
      if (line !== undefined && !line.admits(claim.mode, item.sequence)) return false;
    }
    return true;
  }

  /** `lock:<key>`: the first of the call's keys that a holder or a call ahead of it keeps from it. */
  waitCause(item: Schedulable): string {
    const claims = this.#claimsOf(item) ?? [];
    const blocked = claims.find((claim) => {
      const line = this.#keys.get(claim.key);
      return line !== undefined && !line.admits(claim.mode, item.sequence);
    });
    return `lock:${(blocked ?? claims[0])?.key ?? ""}`;
  }

  hold(item: Schedulable, host: AdmissionHost): void {
    this.#host = host;
    this.enter(item);
    if (this.#parked.has(item)) return;
    this.#parked.add(item);
    for (const claim of this.#claimsOf(item) ?? []) (this.#keys.get(claim.key) as KeyLine).parked++;
  }

  acquire(item: Schedulable): void {
    const claims = this.#claimsOf(item);
    if (claims === undefined) return;
    this.#unpark(item, claims);
    const wasInLine = this.#inLine.delete(item);
    for (const claim of claims) {
      const line = this.#line(claim.key);
      if (wasInLine) line.leave(item, claim.mode);
      line.take(claim.mode);
    }
  }

  release(item: Schedulable, host: AdmissionHost): void {
    const claims = this.#claimsOf(item);
    if (claims === undefined || claims.length === 0) return;
    for (const claim of claims) (this.#keys.get(claim.key) as KeyLine).give(claim.mode);
    this.#wake(claims, host);
  }

  /** Takes a cancelled call out of its lines; the calls it kept waiting may go now. */
  forget(item: Schedulable): void {
    if (!this.#inLine.delete(item)) return;
    const claims = this.#claimsOf(item) ?? [];
    this.#unpark(item, claims);
    for (const claim of claims) (this.#keys.get(claim.key) as KeyLine).leave(item, claim.mode);
    if (this.#host !== undefined) this.#wake(claims, this.#host);
    else this.#dropUnused(claims);
  }

  #line(key: string): KeyLine {
    let line = this.#keys.get(key);
    if (line === undefined) {
      line = new KeyLine();
      this.#keys.set(key, line);
    }
    return line;
  }

  #unpark(item: Schedulable, claims: readonly ResourceClaim[]): void {
    if (!this.#parked.delete(item)) return;
    for (const claim of claims) (this.#keys.get(claim.key) as KeyLine).parked--;
  }

  /** Hands back every parked call that the change to these keys lets through, in plan order. */
  #wake(claims: readonly ResourceClaim[], host: AdmissionHost): void {
    for (const claim of claims) {
      const line = this.#keys.get(claim.key);
      if (line === undefined) continue;
      line.forEachUnblocked(this.#isParked, (candidate) => {
        if (!this.admits(candidate)) return;
        this.#unpark(candidate, this.#claimsOf(candidate) ?? []);
        host.requeue(candidate);
      });
    }
    this.#dropUnused(claims);
  }

  #isParked = (item: Schedulable): boolean => this.#parked.has(item);

  #dropUnused(claims: readonly ResourceClaim[]): void {
    for (const claim of claims) if (this.#keys.get(claim.key)?.isUnused) this.#keys.delete(claim.key);
  }
}
