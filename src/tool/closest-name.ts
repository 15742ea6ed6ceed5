/**
 * The candidates close enough to `name` to be a likely typo of it, in the candidates' order: within a quarter of the
 * name's length by edit distance, and at least two edits, so that nobody is steered to an unrelated tool. Case and
 * separator slips (`Search`, `fs-read` for `fs_read`) count as one edit, not several.
 */
export function closeNames(name: string, candidates: Iterable<string>): string[] {
  const allowed = allowedEdits(name);
  return [...candidates].filter((candidate) => typoDistance(name, candidate) <= allowed);
}

/** The closest of `closeNames(name, candidates)`, the earliest on a tie; undefined when none is close enough. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = allowedEdits(name) + 1;
  for (const candidate of candidates) {
    const distance = typoDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function allowedEdits(name: string): number {
  return Math.max(2, Math.floor(name.length / 4));
}

function typoDistance(name: string, candidate: string): number {
  return normalise(candidate) === normalise(name)
    ? 1
    : editDistance(candidate.toLowerCase(), name.toLowerCase());
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, "");
}

/** Levenshtein distance, with one row kept at a time. */
function editDistance(first: string, second: string): number {
  let previous = Array.from({ length: second.length + 1 }, (_, index) => index);
  for (let row = 1; row <= first.length; row++) {
    const current = [row];
    for (let column = 1; column <= second.length; column++) {
      const substitution = (previous[column - 1] ?? 0) + (first[row - 1] === second[column - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[second.length] ?? 0;
}
