import type { ClockTimer } from "../clock/clock.js";
import type { Admission, AdmissionHost, Schedulable } from "./admission.js";
import type { RateLimiter } from "./rate-limiter.js";
import { ReadyHeap } from "./ready-heap.js";

/**
 * A rate limit that calls pass through: a call starts only when its key's limiter has room. A refused call waits in
 * this admission's own heap, in rank order, and one timer per key hands the best ones back at the moment the limiter
 * next has room. The timer runs only while calls wait: it keeps the process alive for them, like a retry's backoff
 * timer, and is cleared as soon as none is left.
 *
 * A start is recorded at the first moment the admission looks at the clock after the call was dispatched (the next
 * admission round, or a microtask at the latest), not when it was admitted. The tool's code begins within the
 * dispatch, so the recorded time is never earlier than the tool's own first reading of the clock: a pause between
 * admission and dispatch (a garbage collection, the process descheduled) cannot make two starts a window apart look
 * closer than the window to the tool.
 */
export class RateLimitAdmission implements Admission {
  readonly name: string;
  readonly key: string;
  readonly limiter: RateLimiter;
  readonly #waiting = new ReadyHeap<Schedulable>();
  /**
   * Calls handed back to the ready heap that the limiter had room for. While calls wait here, only these may take
   * that room: a newcomer that jumped ahead of them would break the rank order.
   */
  readonly #handedBack = new Set<Schedulable>();
  #host: AdmissionHost | undefined;
  /** Starts admitted but not yet recorded (see the class comment); at most one in practice. */
  #unrecorded = 0;
  #isRecordQueued = false;
  #timer: ClockTimer | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(key: string, limiter: RateLimiter) {
    this.name = `rate:${key}`;
    this.key = key;
    this.limiter = limiter;
  }

  waitCause(): string {
    return this.name;
  }

  /** Calls held here now, waiting for room. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** Whether a timer is set (only while calls wait). */
  get hasTimer(): boolean {
    return this.#timer !== undefined;
  }

  admits(item: Schedulable, host: AdmissionHost): boolean {
    if (this.limiter.room(this.#now(host)) === 0) return false;
    return this.#waiting.size === 0 || this.#handedBack.has(item);
  }

  hold(item: Schedulable, host: AdmissionHost): void {
    this.#host = host;
    this.#handedBack.delete(item);
    this.#waiting.push(item);
    // Refused only because others wait: the limiter may have room for the best of them (this one, if it ranks first).
    this.#handBack(host, false);
  }

  acquire(item: Schedulable, host: AdmissionHost): void {
    this.#host = host;
    this.#handedBack.delete(item);
    this.#unrecorded++;
    if (!this.#isRecordQueued) {
      this.#isRecordQueued = true;
      queueMicrotask(this.#recordLater);
    }
  }

  /** A start stays in the window after its call ends: the rate counts starts, not calls running. */
  release(): void {}

  forget(item: Schedulable): void {
    this.#handedBack.delete(item);
    if (this.#waiting.size === 0) this.#disarm();
  }

  /**
   * A call handed back here was held by another admission: the room it was promised goes to the next call waiting
   * here, rather than stay unused until the timer.
   */
  heldElsewhere(item: Schedulable, host: AdmissionHost): void {
    if (this.#handedBack.delete(item) && this.#waiting.size > 0) this.#handBack(host, false);
  }

  /** No call of this key starts before `until` (on the scheduler's clock). The waiting calls wait for it. */
  pause(until: number): void {
    this.limiter.pause(until);
  }

  /** Hands back as many waiting calls as the limiter has room for, best first, and sets the timer for the rest. */
  #handBack(host: AdmissionHost, isFromTimer: boolean): void {
    const now = this.#now(host);
    let free = this.limiter.room(now) - this.#handedBack.size;
    const handed: Schedulable[] = [];
    while (free-- > 0) {
      const next = this.#waiting.pop();
      if (next === undefined) break;
      this.#handedBack.add(next);
      handed.push(next);
    }
    // Set before waking: the calls woken may be held again, and the timer must already be right for them.
    if (this.#waiting.size > 0) this.#arm(host, this.limiter.availableAt(now, this.#handedBack.size));
    else this.#disarm();
    const last = handed.pop();
    for (const item of handed) host.requeue(item);
    if (last === undefined) return;
    if (isFromTimer) host.wake(last);
    else host.requeue(last);
  }

  /** The clock, once the starts admitted before this moment are recorded. */
  #now(host: AdmissionHost): number {
    const now = host.now();
    for (; this.#unrecorded > 0; this.#unrecorded--) this.limiter.take(now);
    return now;
  }

  #recordLater = (): void => {
    this.#isRecordQueued = false;
    if (this.#unrecorded > 0 && this.#host !== undefined) this.#now(this.#host);
  };

  #arm(host: AdmissionHost, at: number): void {
    if (this.hasTimer) {
      if (this.#timerAt <= at) return;
      this.#disarm();
    }
    this.#timerAt = at;
    // The clock runs the timer no earlier than asked, to the fraction of a millisecond (see systemClock): a timer
    // that woke the calls early, or a whole millisecond late, would lose rate in every window.
    this.#timer = host.schedule(at - host.now(), this.#onTimer);
  }

  #disarm(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  #onTimer = (): void => {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    // Calls handed back earlier that have not started (the global limit is full, or they wait elsewhere) no longer
    // keep their place: the room they were promised goes to the calls waiting here, which would otherwise wait on them.
    this.#handedBack.clear();
    if (this.#host !== undefined && this.#waiting.size > 0) this.#handBack(this.#host, true);
  };
}
