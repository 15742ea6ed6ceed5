import type { Admission, AdmissionHost, Schedulable } from "./admission.js";
import { FairWaiting } from "./fair-waiting.js";

/**
 * A concurrency limit that calls pass through (a run's limit, a tool's limit). A call that finds a gate full waits in
 * that gate's own heap, so it never blocks calls behind it that need other gates (no head-of-line blocking); when the
 * gate frees a slot, its best waiting call goes back to the ready heap: by priority and fair share between runs, by
 * rank inside a run (a tool limit shared by tenants goes to them by weight).
 */
export class Gate implements Admission {
  readonly name: string;
  readonly limit: number;
  active = 0;
  readonly waiting = new FairWaiting();
  readonly #waitCause: string;

  /** @param waitCause what a call it holds waits on: `concurrency` for a run's limit, `tool-limit` for a tool's. */
  constructor(name: string, limit: number, waitCause: string) {
    this.name = name;
    this.limit = limit;
    this.#waitCause = waitCause;
  }

  waitCause(): string {
    return this.#waitCause;
  }

  get isFull(): boolean {
    return this.active >= this.limit;
  }

  admits(): boolean {
    return this.active < this.limit;
  }

  hold(item: Schedulable): void {
    this.waiting.push(item);
  }

  acquire(): void {
    this.active++;
  }

  release(_item: Schedulable, host: AdmissionHost): void {
    this.active--;
    const next = this.waiting.pop();
    if (next !== undefined) host.requeue(next);
  }

  /**
   * The call this gate handed back a slot to was held by another admission: the slot would stay free while calls wait
   * here, so the next one gets it.
   */
  heldElsewhere(_item: Schedulable, host: AdmissionHost): void {
    if (this.active >= this.limit) return;
    const next = this.waiting.pop();
    if (next !== undefined) host.requeue(next);
  }
}
