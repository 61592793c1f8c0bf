import { rollingMeanStd } from './rolling-window';

/**
 * How unusual this bar's volume is: (v − mean) / std over the last `window` volumes of the run, the current
 * bar included (so it is known at the bar's close). 0 when the window's volumes are all equal.
 */
export function volumeZScore(volume: Float64Array, runStart: Int32Array, window = 24): Float64Array {
  const { mean, std } = rollingMeanStd(volume, runStart, window);
  const out = new Float64Array(volume.length);
  for (let i = 0; i < volume.length; i++) {
    out[i] = std[i] === 0 ? 0 : (volume[i] - mean[i]) / std[i]; // NaN std (warm-up) stays NaN
  }
  return out;
}
