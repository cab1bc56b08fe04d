/**
 * "Did you mean …?": the candidate closest to what someone typed, when one is close enough.
 *
 * Our own edit distance rather than a package: none of the runtime dependencies has one (the
 * `fast-levenshtein` in node_modules is eslint's, absent from a production install), and the
 * lists are small. Against all 418 IANA zone names it takes about 0.04 ms a call
 * (test/src/text/closest.test.ts measures it).
 */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1 (`wekly` → `weekly` 1, `tiem` → `time` 1).
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length || !b.length) return a.length + b.length;
  // Three rows of the dynamic-programming table: the one before last (for swaps), the last, this one.
  let before: number[] = [];
  let last = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(last[j]! + 1, row[j - 1]! + 1, last[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = last;
    last = row;
  }
  return last[b.length]!;
}

/** How far a typo may be from what was meant: one mistake in a short word, two in a longer one. */
export const allowedDistance = (typed: string): number => (typed.length <= 4 ? 1 : typed.length <= 8 ? 2 : 3);

/**
 * The candidate nearest `typed` (ignoring case), if it is within `allowedDistance`; the first one
 * listed wins a tie. `key` compares a part of each candidate (a zone's city) instead of the whole.
 */
export function closest(
  typed: string,
  candidates: Iterable<string>,
  key: (candidate: string) => string = (c) => c,
): string | undefined {
  const t = typed.trim().toLowerCase();
  if (!t) return undefined;
  const limit = allowedDistance(t);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const k = key(c).toLowerCase();
    // A cheap bound first: the distance is at least the difference in length.
    if (Math.abs(k.length - t.length) >= bestDistance) continue;
    const d = editDistance(t, k);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}
