import { ema } from './ema';

/** MACD divided by the close, so it is scale-free (a model does not learn the price level). */
export interface Macd {
  /** (EMA_fast − EMA_slow) / close. */
  line: Float64Array;
  /** EMA_signal of `line`. */
  signal: Float64Array;
  /** line − signal. */
  histogram: Float64Array;
}

/**
 * Moving Average Convergence/Divergence (Appel; 12, 26, 9 by default) on TA-Lib-seeded EMAs (see ema).
 * The signal smooths the normalised line rather than the raw one, so histogram = line − signal holds exactly
 * in the stored features.
 *
 * Gap-aware: every EMA restarts at a run start. In a run, the line is first defined at bar `slow − 1`, the
 * signal and histogram at bar `slow + signal − 2` (33 for 12/26/9).
 */
export function macd(close: Float64Array, runStart: Int32Array, fast = 12, slow = 26, signalPeriod = 9): Macd {
  if (!(fast < slow)) throw new RangeError(`MACD needs fast < slow, got ${fast} and ${slow}`);
  const fastEma = ema(close, runStart, fast);
  const line = ema(close, runStart, slow); // reused in place as the line
  for (let i = 0; i < line.length; i++) {
    const c = close[i];
    line[i] = c > 0 && c < Infinity ? (fastEma[i] - line[i]) / c : NaN;
  }
  const signal = ema(line, runStart, signalPeriod);
  const histogram = fastEma; // reused: the fast EMA is not needed any more
  for (let i = 0; i < line.length; i++) histogram[i] = line[i] - signal[i];
  return { line, signal, histogram };
}
