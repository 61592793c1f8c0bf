/**
 * OHLCV candles, column-major: one Float64Array per column, all of `length` elements.
 * Row i is the bar that opened at `timestamps[i]` (ms since the epoch, UTC).
 * Order is whatever the source had: nothing here sorts or dedupes, so quality checks see the data as it is.
 */
export interface Candles {
  /** Bar open time, ms UTC. */
  timestamps: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Volume in the base asset. */
  volume: Float64Array;
  length: number;
}

export const CANDLE_VALUE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
export type CandleValueColumn = (typeof CANDLE_VALUE_COLUMNS)[number];

/** Zero-filled candles of `length` rows (fill them in place). */
export function allocateCandles(length: number): Candles {
  return {
    timestamps: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
    length,
  };
}

/** Checks that every column has `length` elements; throws naming the first column that does not. */
export function assertCandlesShape(candles: Candles): void {
  const { length } = candles;
  if (!Number.isInteger(length) || length < 0) throw new Error(`Candles.length must be a non-negative integer, got ${length}`);
  for (const name of ['timestamps', ...CANDLE_VALUE_COLUMNS] as const) {
    const column = candles[name];
    if (!(column instanceof Float64Array)) throw new Error(`Candles.${name} must be a Float64Array`);
    if (column.length !== length) throw new Error(`Candles.${name} has ${column.length} elements, expected ${length}`);
  }
}

/** to[j] := from[i], every field. */
export function copyBar(from: Candles, i: number, to: Candles, j: number): void {
  to.timestamps[j] = from.timestamps[i];
  to.open[j] = from.open[i];
  to.high[j] = from.high[i];
  to.low[j] = from.low[i];
  to.close[j] = from.close[i];
  to.volume[j] = from.volume[i];
}

/** Copies the rows selected by `keep` (1 = keep), in their original order. */
export function selectRows(candles: Candles, keep: Uint8Array): Candles {
  let count = 0;
  for (let i = 0; i < candles.length; i++) count += keep[i] ? 1 : 0;
  const out = allocateCandles(count);
  let j = 0;
  for (let i = 0; i < candles.length; i++) {
    if (keep[i]) copyBar(candles, i, out, j++);
  }
  return out;
}

/**
 * Rows whose open time lies in [fromMs, toMsExclusive), in their original order.
 * A linear filter rather than a binary search on purpose: the input may be unsorted or hold
 * duplicates, and slicing must not hide that from the quality checks that come later.
 */
export function sliceByTime(candles: Candles, fromMs: number, toMsExclusive: number): Candles {
  const keep = new Uint8Array(candles.length);
  const ts = candles.timestamps;
  for (let i = 0; i < candles.length; i++) keep[i] = ts[i] >= fromMs && ts[i] < toMsExclusive ? 1 : 0;
  return selectRows(candles, keep);
}

/** Open time of the first and last row (NaN for empty candles). */
export function timeRange(candles: Candles): { firstMs: number; lastMs: number } {
  if (candles.length === 0) return { firstMs: NaN, lastMs: NaN };
  return { firstMs: candles.timestamps[0], lastMs: candles.timestamps[candles.length - 1] };
}

/** ISO-8601 text for a ms timestamp; `invalid(<value>)` for non-finite input instead of throwing. */
export function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `invalid(${ms})`;
}
