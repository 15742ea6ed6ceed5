import { SeededRandom } from "./seeded-random.js";

/**
 * Made-up names for the agents benchmark's problems, so that no answer can come from what a model already knows and
 * every problem is reproducible from its workload and index.
 */
const adjectives = [
  "Northern",
  "Silver",
  "Hollow",
  "Crimson",
  "Quiet",
  "Amber",
  "Distant",
  "Iron",
  "Painted",
  "Hidden",
  "Winter",
  "Golden",
  "Broken",
  "Salt",
  "Velvet",
  "Copper",
];
const nouns = [
  "Lantern",
  "Harbor",
  "Meadow",
  "Falcon",
  "Orchard",
  "Compass",
  "Willow",
  "Beacon",
  "Cedar",
  "Tide",
  "Quarry",
  "Signal",
  "Thistle",
  "Anvil",
  "Heron",
  "Summit",
];

/** A seeded source for one problem: the same workload and index always give the same names and numbers. */
export function problemRandom(workload, index) {
  return new SeededRandom(hashText(`${workload}#${index}`));
}

/** `count` distinct two-word names ("Silver Harbor"), each followed by `suffix` when given. */
export function distinctNames(random, count, suffix = "") {
  const names = new Set();
  while (names.size < count) {
    const name = `${pick(random, adjectives)} ${pick(random, nouns)}${suffix === "" ? "" : ` ${suffix}`}`;
    names.add(name);
  }
  return [...names];
}

export function pick(random, list) {
  return list[random.integer(list.length)];
}

/** Shuffles a copy of `list` (Fisher–Yates). */
export function shuffled(random, list) {
  const copy = [...list];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = random.integer(index + 1);
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

/** FNV-1a, 32 bits: a seed from a text. */
export function hashText(text) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
