/**
 * A seeded pseudo-random source (mulberry32), so that every contender of a benchmark runs on exactly the same random
 * DAG and durations, and a figure in RESULTS.md can be reproduced from its seed.
 */
export class SeededRandom {
  #state;

  /** @param {number} seed any 32-bit integer */
  constructor(seed) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next() {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let value = this.#state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, limit). */
  integer(limit) {
    return Math.floor(this.next() * limit);
  }

  /** A standard normal variate (Box–Muller). */
  normal() {
    const uniform = 1 - this.next();
    return Math.sqrt(-2 * Math.log(uniform)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A value whose logarithm is uniform between log(low) and log(high). */
  logUniform(low, high) {
    return Math.exp(Math.log(low) + this.next() * (Math.log(high) - Math.log(low)));
  }
}
