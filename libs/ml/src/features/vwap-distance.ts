import { rollingMean } from './rolling-mean';

/**
 * How far the close is from the rolling volume-weighted average price: close / VWAP − 1, with
 * VWAP = Σ typical·volume / Σ volume over the last `window` bars of the run and typical = (high + low + close) / 3.
 * Scale-free; > 0 when the close is above where the window's volume traded.
 *
 * NaN until `window` contiguous bars of the run, and when the window traded no volume (VWAP undefined).
 */
export function vwapDistance(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  runStart: Int32Array,
  window = 24,
): Float64Array {
  const n = close.length;
  const priceVolume = new Float64Array(n);
  for (let i = 0; i < n; i++) priceVolume[i] = ((high[i] + low[i] + close[i]) / 3) * volume[i];
  // Ratio of means = ratio of sums. A bar with a NaN in either column restarts the Σpv window, so the ratio is
  // defined only where both windows hold the same last `window` bars.
  const meanPv = rollingMean(priceVolume, runStart, window);
  const meanV = rollingMean(volume, runStart, window);
  const out = meanPv; // reused in place
  for (let i = 0; i < n; i++) {
    const vwap = meanPv[i] / meanV[i];
    out[i] = meanV[i] > 0 && vwap > 0 ? close[i] / vwap - 1 : NaN;
  }
  return out;
}
