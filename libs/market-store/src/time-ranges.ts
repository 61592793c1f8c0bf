/** A half-open time range [fromMs, toMs) in ms UTC. Ranges with fromMs >= toMs are empty and dropped. */
export type TimeRange = [number, number];

/** Sorted, non-overlapping ranges, with touching ranges ([a,b) and [b,c)) joined into one. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges
    .filter(([from, to]) => from < to)
    .map(([from, to]): TimeRange => [from, to])
    .sort((a, b) => a[0] - b[0]);
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return merged;
}

/** The parts of [fromMs, toMs) that `covered` does not cover, merged and sorted. */
export function subtractRanges(fromMs: number, toMs: number, covered: readonly TimeRange[]): TimeRange[] {
  const result: TimeRange[] = [];
  let cursor = fromMs;
  for (const [from, to] of mergeRanges(covered)) {
    if (to <= cursor) continue;
    if (from >= toMs) break;
    if (from > cursor) result.push([cursor, from]);
    cursor = Math.max(cursor, to);
    if (cursor >= toMs) break;
  }
  if (cursor < toMs) result.push([cursor, toMs]);
  return result;
}

/** `ranges` clipped to [fromMs, toMs), merged. */
export function clipRanges(ranges: readonly TimeRange[], fromMs: number, toMs: number): TimeRange[] {
  return mergeRanges(ranges.map(([from, to]): TimeRange => [Math.max(from, fromMs), Math.min(to, toMs)]));
}

/** The holes between consecutive ranges of a merged list. */
export function gapsBetween(ranges: readonly TimeRange[]): TimeRange[] {
  const merged = mergeRanges(ranges);
  const gaps: TimeRange[] = [];
  for (let i = 1; i < merged.length; i++) gaps.push([merged[i - 1][1], merged[i][0]]);
  return gaps;
}

export function rangeContains(ranges: readonly TimeRange[], ms: number): boolean {
  return ranges.some(([from, to]) => ms >= from && ms < to);
}
