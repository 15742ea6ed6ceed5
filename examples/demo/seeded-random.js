// Reproducible randomness for the stand-in services: the same seed and key always give the same number, so that every
// mode of the demo meets the same latencies and the same data, and a run can be repeated exactly.

/**
 * A number in [0, 1) drawn from `seed` and `key`: FNV-1a over the key, then one mulberry32 step to spread the bits.
 *
 * @param {number} seed any 32-bit integer
 * @param {...(string | number)} key what the number is for, such as a request's path, query and attempt
 * @returns {number}
 */
export function seededFraction(seed, ...key) {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (const character of key.join("\u0000")) {
    hash ^= character.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  let value = (hash + 0x6d2b79f5) >>> 0;
  value = Math.imul(value ^ (value >>> 15), value | 1);
  value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
  return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
}

/**
 * A number between `low` and `high`, drawn as seededFraction draws.
 *
 * @param {number} seed
 * @param {[number, number]} range
 * @param {...(string | number)} key
 * @returns {number}
 */
export function seededBetween(seed, [low, high], ...key) {
  return low + seededFraction(seed, ...key) * (high - low);
}
