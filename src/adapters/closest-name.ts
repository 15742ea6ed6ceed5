/**
 * The candidate closest to `name` by edit distance, when it is close enough to be a likely typo: within a quarter of
 * the name's length, and never more than a few edits, so that a model is not steered to an unrelated tool.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const allowed = Math.max(2, Math.floor(name.length / 4));
  const lowerName = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    // Case and separator slips (`Search`, `fs-read` for `fs_read`) count as one edit, not several.
    const distance =
      normalise(candidate) === normalise(name) ? 1 : editDistance(candidate.toLowerCase(), lowerName);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, "");
}

/** Levenshtein distance, two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
