import { SeededRandom } from "./seeded-random.js";

/**
 * @typedef {object} RandomDag
 * @property {number} size how many calls
 * @property {Int32Array} dependencyStart call `i`'s dependencies are `dependencies[dependencyStart[i] .. dependencyStart[i + 1]]`
 * @property {Int32Array} dependencies indices of earlier calls, packed
 */

/**
 * A random DAG described in flat typed arrays (cheap to build and to hold, so that generating it costs the contenders
 * almost nothing in time or memory). Each call depends on 0, 1, 2 or 3 earlier calls (each count equally likely),
 * distinct, chosen uniformly among the `window` calls just before it (all earlier calls when `window` is Infinity).
 *
 * @param {{ size: number, seed: number, window?: number }} options
 * @returns {RandomDag}
 */
export function randomDag({ size, seed, window = Number.POSITIVE_INFINITY }) {
  const random = new SeededRandom(seed);
  const dependencyStart = new Int32Array(size + 1);
  const packed = new Int32Array(size * 3);
  let length = 0;
  for (let index = 0; index < size; index++) {
    dependencyStart[index] = length;
    const earliest = Math.max(0, index - window);
    const available = index - earliest;
    const count = Math.min(random.integer(4), available);
    const first = length;
    while (length - first < count) {
      const candidate = earliest + random.integer(available);
      let isDuplicate = false;
      for (let position = first; position < length; position++) {
        if (packed[position] === candidate) isDuplicate = true;
      }
      if (!isDuplicate) packed[length++] = candidate;
    }
  }
  dependencyStart[size] = length;
  return { size, dependencyStart, dependencies: packed.slice(0, length) };
}

/** The indices of the calls that call `index` depends on. */
export function dependenciesOf(dag, index) {
  return dag.dependencies.subarray(dag.dependencyStart[index], dag.dependencyStart[index + 1]);
}
