// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { abs, ceil, floor, log10, max, min, sqrt } = Math;

export interface OptimalBlockLength {
  /** Expected block length for the stationary bootstrap (Politis & Romano), in bars; a real number, not rounded. */
  stationary: number;
  /** Block length for the circular block bootstrap, in bars; a real number, not rounded. */
  circular: number;
}

/** The shortest series `arch` computes a block length for: below it, its lag loop slices past the data. */
export const MIN_BLOCK_LENGTH_OBSERVATIONS = 8;

/**
 * Politis & White (2004) automatic block length, with Patton, Politis & White's (2009) correction, following the
 * conventions of `arch.bootstrap.optimal_block_length` (arch 7/8) so the numbers agree with it to rounding:
 *
 * - ε = x − x̄ with the full-sample mean; autocovariances γ̂(k) = (1/n)·Σ_{t=k}^{n−1} ε_t ε_{t−k} (population
 *   normalisation: divide by n at every lag, not by n − k).
 * - |ρ̂(k)| = |Σ_{t=k}^{n−1} ε_t ε_{t−k}| / √(Σ_{t=k+1}^{n−1} ε_t² · Σ_{t=0}^{n−k−2} ε_t²): arch's two sums of squares
 *   drop one more term than the cross product (lag k + 1's ranges); kept so the band test makes the same choices.
 * - K_N = max(5, ⌊log10 n⌋), m_max = ⌈√n⌉ + K_N, band c = 2·√(log10 n / n).
 * - m̂ = the first lag j ≥ 0 such that |ρ̂(j)|, …, |ρ̂(j + K_N − 1)| are all < c, searched for j ≤ m_max − K_N
 *   (arch's window starts at j itself, one lag earlier than the paper's m + 1); M = min(2·max(m̂, 1), m_max),
 *   and M = m_max when no such run exists.
 * - flat-top kernel λ(s) = 1 for s ≤ ½, 2(1 − s) above; Ĝ = Σ_{k=1}^{M} 2λ(k/M)·k·γ̂(k),
 *   ĝ(0) = γ̂(0) + Σ_{k=1}^{M} 2λ(k/M)·γ̂(k); D̂_SB = 2ĝ(0)², D̂_CB = (4/3)ĝ(0)².
 * - b = (2Ĝ²/D̂)^{1/3}·n^{1/3}, each capped at ⌈min(3√n, n/3)⌉ (no floor: b can be below 1 for white noise).
 *
 * Throws a RangeError for fewer than 8 observations (arch raises for 2–7 and returns NaN for 1) and for non-finite
 * values (arch would return NaN). A constant series returns NaN for both, as arch does (0/0).
 */
export function optimalBlockLength(series: ArrayLike<number>): OptimalBlockLength {
  const n = series.length;
  if (!(n >= MIN_BLOCK_LENGTH_OBSERVATIONS)) {
    throw new RangeError(`optimalBlockLength needs at least ${MIN_BLOCK_LENGTH_OBSERVATIONS} observations, got ${n}`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = series[i];
    if (!Number.isFinite(v)) throw new RangeError(`optimalBlockLength: series[${i}] is not finite (${v})`);
    sum += v;
  }
  const mean = sum / n;
  const eps = new Float64Array(n);
  // squares[k] = Σ_{t<k} ε_t², so any run of squares is a difference of two entries.
  const squares = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const e = series[i] - mean;
    eps[i] = e;
    squares[i + 1] = squares[i] + e * e;
  }

  const bMax = ceil(min(3 * sqrt(n), n / 3));
  const kn = max(5, floor(log10(n)));
  const mMax = ceil(sqrt(n)) + kn; // ≤ n for n ≥ 8, so every lag below has a (possibly empty) overlap
  const band = 2 * sqrt(log10(n) / n);

  const acv = new Float64Array(mMax + 1);
  let optM = -1;
  let run = 0;
  for (let k = 0; k <= mMax; k++) {
    let cross = 0;
    for (let t = k; t < n; t++) cross += eps[t] * eps[t - k];
    acv[k] = cross / n;
    if (optM >= 0 || k === mMax) continue; // arch's windows never include lag m_max itself
    const head = k + 1 < n ? squares[n] - squares[k + 1] : 0;
    const tail = n - k - 1 > 0 ? squares[n - k - 1] : 0;
    // An empty range gives 0/0 or x/0 (NaN, ∞): never inside the band, as in numpy.
    const rho = abs(cross) / sqrt(head * tail);
    run = rho < band ? run + 1 : 0;
    if (run === kn) optM = k - kn + 1;
  }
  const m = min(optM >= 0 ? 2 * max(optM, 1) : mMax, mMax);

  let g = 0;
  let longRun = acv[0];
  for (let k = 1; k <= m; k++) {
    const s = k / m;
    const lambda = s <= 0.5 ? 1 : 2 * (1 - s);
    g += 2 * lambda * k * acv[k];
    longRun += 2 * lambda * acv[k];
  }
  const dStationary = 2 * longRun * longRun;
  const dCircular = (4 / 3) * longRun * longRun;
  const nCbrt = n ** (1 / 3);
  // Math.min propagates NaN (a constant series), as Python's min(nan, b_max) does.
  return {
    stationary: min(((2 * g * g) / dStationary) ** (1 / 3) * nCbrt, bMax),
    circular: min(((2 * g * g) / dCircular) ** (1 / 3) * nCbrt, bMax),
  };
}
