// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { sqrt } = Math;
const { isFinite } = Number;
const { is } = Object;
/**
 * Performance statistics of an equity curve (value at each bar's close, starting from `initial` before the first
 * bar). Shared by the backtest, buy-and-hold and later validation reports, so every number is computed one way.
 */

/** Simple per-bar returns: equity[i] / equity[i − 1] − 1, with equity[−1] = initial. */
export function perBarReturns(equity: Float64Array, initial = 1): Float64Array {
  const out = new Float64Array(equity.length);
  let previous = initial;
  for (let i = 0; i < equity.length; i++) {
    out[i] = equity[i] / previous - 1;
    previous = equity[i];
  }
  return out;
}

/**
 * Annualised Sharpe ratio of per-bar simple returns: mean / sample std (n − 1) × √barsPerYear, risk-free rate 0.
 * 0 when there are fewer than two returns or the std is 0 (bit-identical returns count as exactly 0, not as
 * round-off, so a flat curve never shows an enormous Sharpe).
 */
export function sharpeRatio(returns: Float64Array, barsPerYear: number): number {
  if (!(barsPerYear > 0) || !isFinite(barsPerYear)) throw new RangeError(`barsPerYear must be a positive number, got ${barsPerYear}`);
  const n = returns.length;
  if (n < 2) return 0;
  let sum = 0;
  let constant = true;
  for (let i = 0; i < n; i++) {
    sum += returns[i];
    if (!is(returns[i], returns[0])) constant = false;
  }
  if (constant) return 0;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (returns[i] - mean) ** 2;
  const std = sqrt(ss / (n - 1));
  if (!(std > 0) || !isFinite(std)) return 0;
  return (mean / std) * sqrt(barsPerYear);
}

/** Largest fall from a running peak, as a positive fraction of that peak (the peak includes `initial`). */
export function maxDrawdown(equity: Float64Array, initial = 1): number {
  let peak = initial;
  let worst = 0;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    const drawdown = 1 - equity[i] / peak;
    if (drawdown > worst) worst = drawdown;
  }
  return worst;
}

/** Final equity relative to `initial`, minus 1 (0 for an empty curve). */
export function totalReturn(equity: Float64Array, initial = 1): number {
  return equity.length === 0 ? 0 : equity[equity.length - 1] / initial - 1;
}
