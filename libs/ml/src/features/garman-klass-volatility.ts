import { rollingMean } from './rolling-mean';

const CLOSE_WEIGHT = 2 * Math.LN2 - 1;

/**
 * Garman–Klass (1980) OHLC volatility over the last `window` bars of the run:
 * σ = √( mean( ½·ln(high / low)² − (2·ln 2 − 1)·ln(close / open)² ) ). Per bar, not annualised.
 * Ignores the overnight (open vs previous close) jump, which for 24/7 crypto bars is ~0 by construction.
 *
 * For consistent bars (open and close inside [low, high]) every term is ≥ 0; inconsistent data could push the
 * mean below 0, which is clamped to 0 rather than turned into NaN. Each bar stands alone, so the first value of
 * a run is at bar `window − 1`; a bar with a non-positive or non-finite price restarts the window.
 */
export function garmanKlassVolatility(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  runStart: Int32Array,
  window = 24,
): Float64Array {
  const n = close.length;
  const term = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const range = Math.log(high[i] / low[i]);
    const body = Math.log(close[i] / open[i]);
    const positive = high[i] > 0 && low[i] > 0 && open[i] > 0 && close[i] > 0;
    term[i] = positive ? 0.5 * range * range - CLOSE_WEIGHT * body * body : NaN;
  }
  const out = rollingMean(term, runStart, window);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(Math.max(out[i], 0)); // Math.max(NaN, 0) is NaN: warm-up stays NaN
  return out;
}
