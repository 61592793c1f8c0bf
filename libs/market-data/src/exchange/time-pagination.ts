export interface TimePaginationOptions<Row> {
  /** Inclusive start, ms UTC. */
  fromMs: number;
  /** Exclusive end, ms UTC. */
  toMs: number;
  /** Rows asked for per request. */
  limit: number;
  /** How far to jump past a page that brought nothing new inside the range: limit × the series' step. */
  emptyStepMs: number;
  /** Gap between a row and the earliest possible next one: the bar length for bars (saves a trailing empty request), else 1. */
  nextAfterMs?: number;
  timeOf(row: Row): number;
  /** One request: rows at or after `sinceMs`, at most `limit` (ending before toMs is the caller's choice). */
  fetchPage(sinceMs: number, limit: number): Promise<Row[]>;
  signal?: AbortSignal;
  /** After each page: how far through [fromMs, toMs) we are. */
  onPage?(fraction: number, sinceMs: number): void;
}

/**
 * Walks [fromMs, toMs) page by page, advancing `since` past the newest row returned. The range end, not an empty
 * page, bounds the loop: an exchange outage longer than a page answers empty inside the range, and the walk
 * jumps `emptyStepMs` ahead rather than stopping there. Rows come back in page order, filtered to the range and
 * de-duplicated by time (overlapping pages are an artefact of paging, not of the data).
 */
export async function paginateByTime<Row>(options: TimePaginationOptions<Row>): Promise<Row[]> {
  const { fromMs, toMs, limit, emptyStepMs, timeOf, signal } = options;
  if (!(emptyStepMs > 0)) throw new RangeError(`emptyStepMs must be > 0, got ${emptyStepMs}`);
  const rows: Row[] = [];
  const seen = new Set<number>();
  let since = fromMs;
  while (since < toMs) {
    signal?.throwIfAborted();
    const page = await options.fetchPage(since, limit);
    let newest = -Infinity;
    for (const row of page) {
      const t = timeOf(row);
      if (!(t >= since)) continue; // before the cursor (or NaN): an exchange that ignored `since`
      newest = Math.max(newest, t);
      if (t < toMs && !seen.has(t)) {
        seen.add(t);
        rows.push(row);
      }
    }
    since = newest === -Infinity ? since + emptyStepMs : newest + (options.nextAfterMs ?? 1);
    options.onPage?.(Math.min(1, (since - fromMs) / Math.max(1, toMs - fromMs)), since);
  }
  return rows;
}
