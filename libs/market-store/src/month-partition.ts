import { TimeRange } from './time-ranges';

/**
 * Calendar months (UTC) are the partition unit: small enough that a failed sync loses at most a month's work,
 * large enough that a year of 5m candles is 12 objects, not thousands.
 */
export type MonthKey = string; // 'YYYY-MM'

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthKeyOf(ms: number): MonthKey {
  const date = new Date(ms);
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** [monthStart, monthEnd) of a month key. */
export function monthRange(month: MonthKey): TimeRange {
  const match = MONTH_KEY.exec(month);
  if (!match) throw new RangeError(`Not a month key: ${JSON.stringify(month)} (expected YYYY-MM)`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return [Date.UTC(year, index, 1), Date.UTC(year, index + 1, 1)];
}

/** One piece of a range that lies inside a single month. */
export interface MonthSlice {
  month: MonthKey;
  range: TimeRange;
}

/** Cuts ranges at month boundaries; slices come out in time order. */
export function splitByMonth(ranges: readonly TimeRange[]): MonthSlice[] {
  const slices: MonthSlice[] = [];
  for (const [from, to] of ranges) {
    let cursor = from;
    while (cursor < to) {
      const month = monthKeyOf(cursor);
      const end = Math.min(to, monthRange(month)[1]);
      slices.push({ month, range: [cursor, end] });
      cursor = end;
    }
  }
  return slices.sort((a, b) => a.range[0] - b.range[0]);
}

/** Slices grouped by month, months in time order: one unit of sync work each. */
export function groupByMonth(slices: readonly MonthSlice[]): { month: MonthKey; ranges: TimeRange[] }[] {
  const groups = new Map<MonthKey, TimeRange[]>();
  for (const slice of slices) {
    const list = groups.get(slice.month) ?? [];
    list.push(slice.range);
    groups.set(slice.month, list);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, ranges]) => ({ month, ranges }));
}

/** Month keys overlapping [fromMs, toMs), in order. */
export function monthsOverlapping(fromMs: number, toMs: number): MonthKey[] {
  return splitByMonth([[fromMs, toMs]]).map((s) => s.month);
}
