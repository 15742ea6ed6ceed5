import { performance } from "node:perf_hooks";

/**
 * A discrete-event clock for measuring schedules in virtual time. Tools `await clock.sleep(ms)`; the clock moves to
 * the earliest pending timer only when the process is otherwise idle, and fires every timer due at that instant.
 *
 * "Idle" is detected with `setImmediate`: Node drains the microtask queue (every promise reaction, every
 * `queueMicrotask`, every `process.nextTick`) before it runs an immediate, so by the time `#advance` runs, everything
 * the previous timers set off has settled and each scheduler has started whatever it meant to start at that instant.
 * A makespan read from this clock is therefore exact and identical for every contender, whatever the machine's load.
 * The one assumption: the code under test does not itself wait on real timers or I/O (weft with no timeouts or
 * retries, p-graph and the Promise.all floor do not).
 *
 * While installed, `performance.now()` returns virtual milliseconds too, so that what a library measures itself
 * (weft's learned durations, its result times) is in the same virtual time.
 */
export class VirtualClock {
  #now = 0;
  #sequence = 0;
  /** A binary min-heap of pending timers on (time, sequence). */
  #timers = [];
  #isAdvanceScheduled = false;
  #isInstalled = false;

  /** Virtual milliseconds since the clock was made. */
  get now() {
    return this.#now;
  }

  /** Timers not yet fired. */
  get pending() {
    return this.#timers.length;
  }

  /** Resolves after `milliseconds` of virtual time. */
  sleep(milliseconds) {
    return new Promise((resolve) => {
      this.#push({ time: this.#now + milliseconds, sequence: this.#sequence++, resolve });
      this.#scheduleAdvance();
    });
  }

  /** Makes `performance.now()` read this clock until `uninstall()`. */
  install() {
    if (this.#isInstalled) return this;
    this.#isInstalled = true;
    performance.now = () => this.#now;
    return this;
  }

  uninstall() {
    if (!this.#isInstalled) return;
    this.#isInstalled = false;
    // The override is an own property shadowing Performance.prototype.now; deleting it restores the real clock.
    delete performance.now;
  }

  #scheduleAdvance() {
    if (this.#isAdvanceScheduled) return;
    this.#isAdvanceScheduled = true;
    setImmediate(this.#advance);
  }

  #advance = () => {
    this.#isAdvanceScheduled = false;
    const first = this.#timers[0];
    if (first === undefined) return;
    this.#now = first.time;
    while (this.#timers.length > 0 && this.#timers[0].time === first.time) this.#pop().resolve();
    if (this.#timers.length > 0) this.#scheduleAdvance();
  };

  #push(timer) {
    const timers = this.#timers;
    let position = timers.length;
    timers.push(timer);
    while (position > 0) {
      const parentPosition = (position - 1) >> 1;
      const parent = timers[parentPosition];
      if (!isEarlier(timer, parent)) break;
      timers[position] = parent;
      position = parentPosition;
    }
    timers[position] = timer;
  }

  #pop() {
    const timers = this.#timers;
    const top = timers[0];
    const last = timers.pop();
    if (last === top) return top;
    let position = 0;
    for (;;) {
      let child = 2 * position + 1;
      if (child >= timers.length) break;
      if (child + 1 < timers.length && isEarlier(timers[child + 1], timers[child])) child++;
      if (!isEarlier(timers[child], last)) break;
      timers[position] = timers[child];
      position = child;
    }
    timers[position] = last;
    return top;
  }
}

function isEarlier(a, b) {
  return a.time < b.time || (a.time === b.time && a.sequence < b.sequence);
}
