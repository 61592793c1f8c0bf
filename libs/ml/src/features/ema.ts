/**
 * Exponential moving average seeded as TA-Lib does: the first EMA of a run is the plain mean of its first
 * `period` values, then ema = α·x + (1 − α)·ema with α = 2 / (period + 1). Seeding with a mean rather than with
 * the first value keeps one odd bar from dominating the start of every run.
 *
 * Gap-aware like atr/rsi: the EMA restarts at each run start and after a non-finite value, and is first
 * defined `period − 1` bars after the (re)start.
 */
export function ema(values: Float64Array, runStart: Int32Array, period: number): Float64Array {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`EMA period must be an integer >= 1, got ${period}`);
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  const alpha = 2 / (period + 1);
  const keep = 1 - alpha;
  let count = 0;
  let sum = 0;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (runStart[i] === i || !Number.isFinite(x)) {
      count = 0;
      sum = 0;
      if (!Number.isFinite(x)) continue;
    }
    if (count < period) {
      sum += x;
      if (++count < period) continue;
      value = sum / period;
    } else {
      value = alpha * x + keep * value;
    }
    out[i] = value;
  }
  return out;
}
