import { Candles } from '@ares/market-data';
import { atr } from './atr';
import { bollingerPercentB } from './bollinger-percent-b';
import { contiguousRunStarts } from './contiguous-runs';
import { fundingRateFeatures } from './funding-rate';
import { garmanKlassVolatility } from './garman-klass-volatility';
import { macd } from './macd';
import { openInterestChange } from './open-interest-change';
import { orderFlowImbalance } from './order-flow-imbalance';
import { parkinsonVolatility } from './parkinson-volatility';
import { logReturns } from './returns';
import { rollingMeanStd } from './rolling-window';
import { rsi } from './rsi';
import { volumeZScore } from './volume-zscore';
import { vwapDistance } from './vwap-distance';

/** 'core': the seven features models have been trained on so far. 'full': core first, then the rest. */
export type FeatureSetKind = 'core' | 'full';

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
  /** Default 'core' (unchanged names and order); 'full' appends the features below. */
  featureSet?: FeatureSetKind;
  /** 'full': close-to-close volatility at a second, longer horizon. Default 96. */
  longVolatilityWindow?: number;
  /** 'full': window of the Parkinson and Garman–Klass range volatilities. Default 24. */
  rangeVolatilityWindow?: number;
  /** 'full': MACD EMA periods. Defaults 12, 26, 9. */
  macdFast?: number;
  macdSlow?: number;
  macdSignal?: number;
  /** 'full': Bollinger %b window and band width in σ. Defaults 20, 2. */
  bollingerWindow?: number;
  bollingerWidth?: number;
  /** 'full': rolling VWAP window. Default 24. */
  vwapWindow?: number;
  /** 'full' + aggTrades extras: window of the order-flow-imbalance mean and of the trade-count z-score. Default 24. */
  flowWindow?: number;
  /** 'full' + funding extra: span in bars of the funding-rate change. Default 24. */
  fundingChangeBars?: number;
  /** 'full' + open-interest extra: the longer open-interest log-change horizon (the other is 1). Default 24. */
  openInterestHorizon?: number;
}

/**
 * Per-bar series besides the candles, each as long as the candles and each known at the bar's close. Used with
 * featureSet 'full' only; every feature built from them is added when (and only when) its inputs are given.
 */
export interface FeatureExtras {
  /** Taker-buy and taker-sell volume per bar (aggTrades): give both or neither. */
  buyVolume?: Float64Array;
  sellVolume?: Float64Array;
  /** Number of trades per bar. */
  trades?: Float64Array;
  /** Funding rate known at the bar's close; build it with alignAsOf from funding events. */
  fundingRate?: Float64Array;
  /** Open interest per bar. */
  openInterest?: Float64Array;
}

export interface FeatureSet {
  names: string[];
  /** One column per name, each as long as the candles. NaN where a feature is not defined. */
  columns: Float64Array[];
  /**
   * Bars at the start of each contiguous run before every feature is defined: in gap-free data, rows
   * [0, warmup) have NaNs and row `warmup` on is complete; after a gap the same holds from the gap on.
   * Given inputs that are themselves defined: funding_rate is NaN before the first funding event, whatever the warm-up.
   */
  warmup: number;
}

type ResolvedOptions = Required<Omit<FeatureSetOptions, 'mask' | 'returnHorizons'>> & { returnHorizons: readonly number[] };

/** Options with defaults filled in (`??`, so an explicit undefined still means "default"). */
function resolveOptions(options: Omit<FeatureSetOptions, 'mask'>): ResolvedOptions {
  const featureSet = options.featureSet ?? 'core';
  if (featureSet !== 'core' && featureSet !== 'full') throw new RangeError(`featureSet must be 'core' or 'full', got ${String(featureSet)}`);
  return {
    timeframeMs: options.timeframeMs,
    returnHorizons: options.returnHorizons ?? [1, 4, 24],
    volatilityWindow: options.volatilityWindow ?? 24,
    atrPeriod: options.atrPeriod ?? 14,
    rsiPeriod: options.rsiPeriod ?? 14,
    volumeZWindow: options.volumeZWindow ?? 24,
    featureSet,
    longVolatilityWindow: options.longVolatilityWindow ?? 96,
    rangeVolatilityWindow: options.rangeVolatilityWindow ?? 24,
    macdFast: options.macdFast ?? 12,
    macdSlow: options.macdSlow ?? 26,
    macdSignal: options.macdSignal ?? 9,
    bollingerWindow: options.bollingerWindow ?? 20,
    bollingerWidth: options.bollingerWidth ?? 2,
    vwapWindow: options.vwapWindow ?? 24,
    flowWindow: options.flowWindow ?? 24,
    fundingChangeBars: options.fundingChangeBars ?? 24,
    openInterestHorizon: options.openInterestHorizon ?? 24,
  };
}

/** Resolved options and the warm-up they imply (and, for 'full', the extras given), without computing anything. */
export function featureWarmup(options: Omit<FeatureSetOptions, 'mask'>, extras?: FeatureExtras): number {
  const o = resolveOptions(options);
  // First defined row within a run: return h → h; volatility (w returns) → w; ATR/RSI (p changes) → p; z-score (w values) → w − 1.
  const core = Math.max(...o.returnHorizons, o.volatilityWindow, o.atrPeriod, o.rsiPeriod, o.volumeZWindow - 1);
  if (o.featureSet === 'core') return core;
  // Per-bar windows (range vols, %b, VWAP, flow) → w − 1; MACD signal → slow − 1 + signal − 1; changes over h bars → h.
  const lags = [core, o.longVolatilityWindow, o.rangeVolatilityWindow - 1, o.macdSlow + o.macdSignal - 2, o.bollingerWindow - 1, o.vwapWindow - 1];
  if (extras?.buyVolume && extras.sellVolume) lags.push(o.flowWindow - 1);
  if (extras?.trades) lags.push(o.flowWindow - 1);
  if (extras?.fundingRate) lags.push(o.fundingChangeBars);
  if (extras?.openInterest) lags.push(Math.max(1, o.openInterestHorizon));
  return Math.max(...lags);
}

function checkExtras(extras: FeatureExtras, length: number): void {
  for (const [name, column] of Object.entries(extras) as [string, unknown][]) {
    if (column === undefined) continue;
    if (!(column instanceof Float64Array)) throw new TypeError(`extras.${name} must be a Float64Array`);
    if (column.length !== length) throw new RangeError(`extras.${name} has ${column.length} rows, candles ${length}`);
  }
  if (!extras.buyVolume !== !extras.sellVolume) throw new RangeError('extras.buyVolume and extras.sellVolume go together: give both or neither');
}

/**
 * The standard causal feature set. Every value at row i is a function of rows 0..i only (of candles, extras and
 * mask), so features never see the future; a property test checks this bit for bit.
 *
 * 'core' names: logret_<h> for each horizon, vol_<w>, natr_<p> (ATR / close: scale-free, so a model is not
 * tied to the price level it was trained at), rsi_<p>, volume_z_<w>.
 * 'full' appends vol_<long>, parkinson_<w>, garman_klass_<w>, macd_<f>_<s>_<g>, macd_signal_<f>_<s>_<g>,
 * macd_hist_<f>_<s>_<g>, bb_pctb_<w>_<k>, vwap_dist_<w>, then from extras: ofi, ofi_mean_<w>, trades_z_<w>,
 * funding_rate, funding_change_<n>, oi_logchg_1, oi_logchg_<h>. Extras are checked but ignored with 'core'.
 */
export function computeFeatures(candles: Candles, options: FeatureSetOptions, extras: FeatureExtras = {}): FeatureSet {
  const o = resolveOptions(options);
  const horizons = [...o.returnHorizons];
  if (horizons.length === 0 || new Set(horizons).size !== horizons.length) {
    throw new RangeError(`returnHorizons must be non-empty and distinct, got [${horizons.join(', ')}]`);
  }
  checkExtras(extras, candles.length);
  const runStart = contiguousRunStarts(candles.timestamps, o.timeframeMs, options.mask);
  const { open, close, high, low, volume } = candles;

  const names: string[] = [];
  const columns: Float64Array[] = [];
  const add = (name: string, column: Float64Array) => {
    names.push(name);
    columns.push(column);
  };

  const ret1 = logReturns(close, runStart, 1); // shared by logret_1 and every close-to-close volatility
  for (const h of horizons) add(`logret_${h}`, h === 1 ? ret1 : logReturns(close, runStart, h));
  add(`vol_${o.volatilityWindow}`, rollingMeanStd(ret1, runStart, o.volatilityWindow).std); // = rollingVolatility
  const range = atr(high, low, close, runStart, o.atrPeriod);
  for (let i = 0; i < range.length; i++) {
    const relative = range[i] / close[i];
    range[i] = close[i] > 0 && Number.isFinite(relative) ? relative : NaN;
  }
  add(`natr_${o.atrPeriod}`, range);
  add(`rsi_${o.rsiPeriod}`, rsi(close, runStart, o.rsiPeriod));
  add(`volume_z_${o.volumeZWindow}`, volumeZScore(volume, runStart, o.volumeZWindow));

  if (o.featureSet === 'full') {
    add(`vol_${o.longVolatilityWindow}`, rollingMeanStd(ret1, runStart, o.longVolatilityWindow).std);
    add(`parkinson_${o.rangeVolatilityWindow}`, parkinsonVolatility(high, low, runStart, o.rangeVolatilityWindow));
    add(`garman_klass_${o.rangeVolatilityWindow}`, garmanKlassVolatility(open, high, low, close, runStart, o.rangeVolatilityWindow));
    const m = macd(close, runStart, o.macdFast, o.macdSlow, o.macdSignal);
    const periods = `${o.macdFast}_${o.macdSlow}_${o.macdSignal}`;
    add(`macd_${periods}`, m.line);
    add(`macd_signal_${periods}`, m.signal);
    add(`macd_hist_${periods}`, m.histogram);
    add(`bb_pctb_${o.bollingerWindow}_${o.bollingerWidth}`, bollingerPercentB(close, runStart, o.bollingerWindow, o.bollingerWidth));
    add(`vwap_dist_${o.vwapWindow}`, vwapDistance(high, low, close, volume, runStart, o.vwapWindow));

    if (extras.buyVolume && extras.sellVolume) {
      const flow = orderFlowImbalance(extras.buyVolume, extras.sellVolume, runStart, o.flowWindow);
      add('ofi', flow.imbalance);
      add(`ofi_mean_${o.flowWindow}`, flow.mean);
    }
    if (extras.trades) add(`trades_z_${o.flowWindow}`, volumeZScore(extras.trades, runStart, o.flowWindow));
    if (extras.fundingRate) {
      const funding = fundingRateFeatures(extras.fundingRate, runStart, o.fundingChangeBars);
      add('funding_rate', funding.level);
      add(`funding_change_${o.fundingChangeBars}`, funding.change);
    }
    if (extras.openInterest) {
      add('oi_logchg_1', openInterestChange(extras.openInterest, runStart, 1));
      add(`oi_logchg_${o.openInterestHorizon}`, openInterestChange(extras.openInterest, runStart, o.openInterestHorizon));
    }
  }
  if (new Set(names).size !== names.length) throw new RangeError(`feature names collide: [${names.join(', ')}]; choose distinct windows`);

  if (options.mask) {
    // A masked row is a run of its own, so most features are NaN there already; make it explicit for all.
    const mask = options.mask;
    for (const column of columns) for (let i = 0; i < column.length; i++) if (mask[i] !== 1) column[i] = NaN;
  }
  return { names, columns, warmup: featureWarmup(o, extras) };
}
