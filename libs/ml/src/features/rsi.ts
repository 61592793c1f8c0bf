/**
 * Relative Strength Index, Wilder's smoothing (as TA-Lib): average gain / loss seeded with the mean of the
 * first `period` close-to-close changes of the run, then avg = (avg·(period − 1) + x) / period.
 * RSI = 100·avgGain / (avgGain + avgLoss): 100 for a series that only rises, 0 for one that only falls,
 * 50 when the price did not move at all (no gains, no losses).
 *
 * Gap-aware: changes are only taken between adjacent bars of a run; the first RSI is at runStart + period.
 * A non-finite change restarts the seed.
 */
export function rsi(close: Float64Array, runStart: Int32Array, period = 14): Float64Array {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`RSI period must be an integer >= 1, got ${period}`);
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  let count = 0;
  let gainSum = 0;
  let lossSum = 0;
  let avgGain = 0;
  let avgLoss = 0;
  for (let i = 0; i < n; i++) {
    const change = runStart[i] === i ? NaN : close[i] - close[i - 1];
    if (!Number.isFinite(change)) {
      count = 0;
      gainSum = 0;
      lossSum = 0;
      continue;
    }
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    if (count < period) {
      gainSum += gain;
      lossSum += loss;
      count++;
      if (count < period) continue;
      avgGain = gainSum / period;
      avgLoss = lossSum / period;
    } else {
      avgGain = (avgGain * (period - 1) + gain) / period;
      avgLoss = (avgLoss * (period - 1) + loss) / period;
    }
    const total = avgGain + avgLoss;
    out[i] = total === 0 ? 50 : (100 * avgGain) / total;
  }
  return out;
}
