import { allocateCandles, Candles, selectRows } from '@ares/market-data';
import { seededRandom } from '@ares/random';

/** Test helpers: small hand-made candles and a seeded PRNG (tests must be reproducible too). */

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2023, 0, 1);

export interface CandleColumns {
  close: number[];
  open?: number[];
  high?: number[];
  low?: number[];
  volume?: number[];
  /** Open times; default T0 + i·HOUR. */
  timestamps?: number[];
}

/** Candles from plain arrays; open defaults to close, high/low to max/min(open, close), volume to 1. */
export function candlesFrom(cols: CandleColumns): Candles {
  const n = cols.close.length;
  const c = allocateCandles(n);
  for (let i = 0; i < n; i++) {
    const close = cols.close[i];
    const open = cols.open?.[i] ?? close;
    c.timestamps[i] = cols.timestamps?.[i] ?? T0 + i * HOUR;
    c.open[i] = open;
    c.close[i] = close;
    c.high[i] = cols.high?.[i] ?? Math.max(open, close);
    c.low[i] = cols.low?.[i] ?? Math.min(open, close);
    c.volume[i] = cols.volume?.[i] ?? 1;
  }
  return c;
}

export { seededRandom };

/** A random-walk series of `n` hourly candles with consistent OHLC and positive volume. */
export function randomWalkCandles(n: number, random: () => number): Candles {
  const c = allocateCandles(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    price *= Math.exp((random() - 0.5) * 0.04);
    c.timestamps[i] = T0 + i * HOUR;
    c.open[i] = open;
    c.close[i] = price;
    c.high[i] = Math.max(open, price) * (1 + random() * 0.01);
    c.low[i] = Math.min(open, price) * (1 - random() * 0.01);
    c.volume[i] = 10 + random() * 100;
  }
  return c;
}

/** A missing stretch: `bars` consecutive bars removed from row `atRow` of the gap-free series on. */
export interface SyntheticGap {
  atRow: number;
  bars: number;
}

/**
 * Candles with outages: the given stretches of bars removed, so the timestamps jump over them (as an exchange's
 * history does after maintenance). Prices after a gap continue from where the walk was, unlike a real outage.
 */
export function withGaps(candles: Candles, gaps: readonly SyntheticGap[]): Candles {
  const keep = new Uint8Array(candles.length).fill(1);
  for (const { atRow, bars } of gaps) keep.fill(0, atRow, atRow + bars);
  return selectRows(candles, keep);
}
