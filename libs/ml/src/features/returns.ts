/**
 * Log return over `horizon` bars: ln(close[i] / close[i − horizon]).
 * NaN when the bar `horizon` rows back is not in the same contiguous run (i.e. the span crosses a gap or a
 * masked row), and when either price is not a positive finite number.
 */
export function logReturns(close: Float64Array, runStart: Int32Array, horizon: number): Float64Array {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`return horizon must be an integer >= 1, got ${horizon}`);
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const j = i - horizon;
    if (j < runStart[i]) continue;
    const r = Math.log(close[i] / close[j]);
    if (close[i] > 0 && close[j] > 0 && Number.isFinite(r)) out[i] = r;
  }
  return out;
}
