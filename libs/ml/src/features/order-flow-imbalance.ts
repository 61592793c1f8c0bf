import { rollingMean } from './rolling-mean';

export interface OrderFlowImbalance {
  /** (buy − sell) / (buy + sell) of each bar, in [−1, 1]. */
  imbalance: Float64Array;
  /** Mean of `imbalance` over the last `window` bars of the run. */
  mean: Float64Array;
}

/**
 * Order-flow imbalance from aggregated trades split by taker side: +1 when only takers bought, −1 when only
 * takers sold. Needs the per-bar buy and sell volume (aggTrades summed per bar, as the 'agg-trades' series has).
 *
 * The raw imbalance is a per-bar value (NaN for a bar without trades, or with a non-finite or negative
 * volume); the mean is an equal-weight mean of the bars' imbalances, so a quiet bar counts as much as a busy
 * one, and is gap-aware like every rolling feature (restarts at runs and after a NaN).
 */
export function orderFlowImbalance(buyVolume: Float64Array, sellVolume: Float64Array, runStart: Int32Array, window = 24): OrderFlowImbalance {
  if (buyVolume.length !== sellVolume.length) throw new RangeError(`buyVolume has ${buyVolume.length} rows, sellVolume ${sellVolume.length}`);
  const n = buyVolume.length;
  const imbalance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const buy = buyVolume[i];
    const sell = sellVolume[i];
    const total = buy + sell;
    imbalance[i] = buy >= 0 && sell >= 0 && total > 0 && total < Infinity ? (buy - sell) / total : NaN;
  }
  return { imbalance, mean: rollingMean(imbalance, runStart, window) };
}
