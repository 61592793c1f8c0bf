import { Candles } from '../../../market-data/src';
import { atr } from './atr';
import { contiguousRunStarts } from './contiguous-runs';
import { logReturns } from './returns';
import { rollingVolatility } from './rolling-volatility';
import { rsi } from './rsi';
import { volumeZScore } from './volume-zscore';

export interface FeatureSetOptions {
  /** Bar length in ms (timeframeToMs('1h')); required because gaps are defined against it. */
  timeframeMs: number;
  /** Log-return horizons in bars. Default [1, 4, 24]. */
  returnHorizons?: readonly number[];
  /** Window of the rolling volatility of 1-bar log returns. Default 24. */
  volatilityWindow?: number;
  /** Wilder ATR period. Default 14. */
  atrPeriod?: number;
  /** Wilder RSI period. Default 14. */
  rsiPeriod?: number;
  /** Window of the volume z-score. Default 24. */
  volumeZWindow?: number;
  /** Quality mask (1 = usable): masked rows get NaN features and are treated like missing bars. */
  mask?: Uint8Array;
}

export interface FeatureSet {
  names: string[];
  /** One column per name, each as long as the candles. NaN where a feature is not defined. */
  columns: Float64Array[];
  /**
   * Bars at the start of each contiguous run before every feature is defined: in gap-free data, rows
   * [0, warmup) have NaNs and row `warmup` on is complete; after a gap the same holds from the gap on.
   */
  warmup: number;
}

const DEFAULTS = { returnHorizons: [1, 4, 24], volatilityWindow: 24, atrPeriod: 14, rsiPeriod: 14, volumeZWindow: 24 } as const;

/** Resolved options and the warm-up they imply, without computing anything. */
export function featureWarmup(options: Omit<FeatureSetOptions, 'mask'>): number {
  const o = { ...DEFAULTS, ...options };
  // First defined row within a run: return h → h; volatility (w returns) → w; ATR/RSI (p changes) → p; z-score (w values) → w − 1.
  return Math.max(...o.returnHorizons, o.volatilityWindow, o.atrPeriod, o.rsiPeriod, o.volumeZWindow - 1);
}

/**
 * The standard causal feature set. Every value at row i is a function of rows 0..i only (and of the
 * mask up to i), so features never see the future; a property test checks this bit for bit.
 *
 * Names: logret_<h> for each horizon, vol_<w>, natr_<p> (ATR / close: scale-free, so a model is not
 * tied to the price level it was trained at), rsi_<p>, volume_z_<w>.
 */
export function computeFeatures(candles: Candles, options: FeatureSetOptions): FeatureSet {
  const o = { ...DEFAULTS, ...options };
  const horizons = [...o.returnHorizons];
  if (horizons.length === 0 || new Set(horizons).size !== horizons.length) {
    throw new RangeError(`returnHorizons must be non-empty and distinct, got [${horizons.join(', ')}]`);
  }
  const runStart = contiguousRunStarts(candles.timestamps, o.timeframeMs, o.mask);
  const { close, high, low, volume } = candles;

  const names: string[] = [];
  const columns: Float64Array[] = [];
  const add = (name: string, column: Float64Array) => {
    names.push(name);
    columns.push(column);
  };

  for (const h of horizons) add(`logret_${h}`, logReturns(close, runStart, h));
  add(`vol_${o.volatilityWindow}`, rollingVolatility(close, runStart, o.volatilityWindow));
  const range = atr(high, low, close, runStart, o.atrPeriod);
  for (let i = 0; i < range.length; i++) {
    const relative = range[i] / close[i];
    range[i] = close[i] > 0 && Number.isFinite(relative) ? relative : NaN;
  }
  add(`natr_${o.atrPeriod}`, range);
  add(`rsi_${o.rsiPeriod}`, rsi(close, runStart, o.rsiPeriod));
  add(`volume_z_${o.volumeZWindow}`, volumeZScore(volume, runStart, o.volumeZWindow));

  if (o.mask) {
    // A masked row is a run of its own, so most features are NaN there already; make it explicit for all.
    for (const column of columns) for (let i = 0; i < column.length; i++) if (o.mask[i] !== 1) column[i] = NaN;
  }
  return { names, columns, warmup: featureWarmup(o) };
}
