/**
 * Average True Range, Wilder's smoothing (as TA-Lib): TR[i] = max(h − l, |h − c[i−1]|, |l − c[i−1]|);
 * the first ATR of a run is the mean of its first `period` TRs, then ATR = (ATR·(period − 1) + TR) / period.
 *
 * Gap-aware: the first bar of a run has no previous close in reach, so it has no TR (plain h − l would
 * understate the range); the first ATR is at runStart + period. A non-finite TR restarts the seed.
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, runStart: Int32Array, period = 14): Float64Array {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`ATR period must be an integer >= 1, got ${period}`);
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  let count = 0;
  let sum = 0;
  let value = NaN;
  for (let i = 0; i < n; i++) {
    if (runStart[i] === i) {
      count = 0;
      sum = 0;
      continue;
    }
    const prevClose = close[i - 1];
    const tr = Math.max(high[i] - low[i], Math.abs(high[i] - prevClose), Math.abs(low[i] - prevClose));
    if (!Number.isFinite(tr)) {
      count = 0;
      sum = 0;
      continue;
    }
    if (count < period) {
      sum += tr;
      count++;
      if (count < period) continue;
      value = sum / period;
    } else {
      value = (value * (period - 1) + tr) / period;
    }
    out[i] = value;
  }
  return out;
}
