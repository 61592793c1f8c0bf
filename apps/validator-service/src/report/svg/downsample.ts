/** Points one polyline draws at most: a 4,330-bar series needs no more to look the same at report width. */
export const MAX_POLYLINE_POINTS = 1000;

/**
 * Which points of a series to draw, at most `maxPoints`, deterministically: the first and last, and for each of
 * equal-width buckets between them the bucket's lowest and highest finite value in index order — so peaks and the
 * bottom of a drawdown survive, which plain striding would drop. Non-finite values are kept where they fall in a
 * bucket's bounds, so a gap in the series stays a gap.
 */
export function downsampleIndices(values: ArrayLike<number>, maxPoints = MAX_POLYLINE_POINTS): Int32Array {
  const n = values.length;
  if (n <= Math.max(2, maxPoints)) return Int32Array.from({ length: n }, (_, i) => i);
  // A bucket gives up to three points (low, high, the start of a gap).
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 3));
  const picked: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * (n - 2)) / buckets);
    const end = 1 + Math.floor(((b + 1) * (n - 2)) / buckets);
    let low = -1;
    let high = -1;
    let gap = -1;
    for (let i = start; i < end; i++) {
      const value = values[i];
      if (!Number.isFinite(value)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (low < 0 || value < values[low]) low = i;
      if (high < 0 || value > values[high]) high = i;
    }
    const chosen = [low, high, gap].filter((i) => i >= 0).sort((a, b2) => a - b2);
    for (const i of chosen) if (i !== picked[picked.length - 1]) picked.push(i);
  }
  if (picked[picked.length - 1] !== n - 1) picked.push(n - 1);
  return Int32Array.from(picked);
}
