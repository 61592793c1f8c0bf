import { rollingMeanStd } from './rolling-window';

/**
 * Bollinger %b (20, 2 by default): where the close sits in its bands, (close − lower) / (upper − lower) with
 * bands mid ± k·σ, mid the SMA and σ the population std of the last `window` closes (Bollinger's definition;
 * TA-Lib's too). 0 at the lower band, 1 at the upper, 0.5 when the window is flat (the bands collapse on the close).
 *
 * Gap-aware through rollingMeanStd: NaN until `window` contiguous closes of the run.
 */
export function bollingerPercentB(close: Float64Array, runStart: Int32Array, window = 20, k = 2): Float64Array {
  if (!(k > 0) || !Number.isFinite(k)) throw new RangeError(`Bollinger width k must be a positive number, got ${k}`);
  const { mean, std } = rollingMeanStd(close, runStart, window);
  const toPopulation = Math.sqrt((window - 1) / window); // rollingMeanStd gives the sample std
  const out = mean; // reused in place
  for (let i = 0; i < out.length; i++) {
    const sigma = std[i] * toPopulation;
    out[i] = sigma === 0 ? 0.5 : (close[i] - mean[i]) / (2 * k * sigma) + 0.5; // NaN sigma (warm-up) stays NaN
  }
  return out;
}
