import { normalCdf } from './normal-distribution';

// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { abs, sqrt } = Math;

export interface SharpeDifferenceTest {
  /** SR(a) − SR(b), per period (not annualised), each SR = mean / sample standard deviation (n − 1). */
  difference: number;
  /** HAC standard error of `difference` (Parzen kernel, Andrews' automatic bandwidth, no prewhitening). */
  standardError: number;
  /** Two-sided normal p-value of H0: SR(a) = SR(b). */
  pValue: number;
}

/** Fewest observations the test accepts: the small-sample factor T/(T − 4) needs T > 4. */
export const MIN_SHARPE_TEST_OBSERVATIONS = 5;

/** Andrews' (1991) bandwidth constant for the Parzen kernel: S_T = 2.6614·(α̂(2)·T)^{1/5}. */
const PARZEN_BANDWIDTH = 2.6614;

/** Parzen kernel: 1 − 6x² + 6|x|³ on |x| ≤ ½, 2(1 − |x|)³ on ½ < |x| ≤ 1, 0 beyond. */
function parzen(x: number): number {
  const a = abs(x);
  if (a <= 0.5) return 1 - 6 * a * a + 6 * a * a * a;
  if (a <= 1) {
    const b = 1 - a;
    return 2 * b * b * b;
  }
  return 0;
}

/**
 * Andrews' (6.4) α̂(2) term of one moment series, as R's ar(x, aic = FALSE, order.max = 1, method = "ols") fits it:
 * OLS of x_t on (1, x_{t−1}) for t = 2..T, σ̂² = Σ residual² / (T − 1) (no degrees-of-freedom correction).
 * A series without variation in its lags has no AR(1) fit; it adds nothing to either sum (R's ar.ols fails there).
 */
function addAr1Terms(x: Float64Array, sums: { numerator: number; denominator: number }): void {
  const rows = x.length - 1;
  let my = 0;
  let mz = 0;
  for (let t = 1; t <= rows; t++) {
    my += x[t];
    mz += x[t - 1];
  }
  my /= rows;
  mz /= rows;
  let szz = 0;
  let szy = 0;
  for (let t = 1; t <= rows; t++) {
    const z = x[t - 1] - mz;
    szz += z * z;
    szy += z * (x[t] - my);
  }
  if (!(szz > 0)) return;
  const rho = szy / szz;
  let sse = 0;
  for (let t = 1; t <= rows; t++) {
    const e = x[t] - my - rho * (x[t - 1] - mz);
    sse += e * e;
  }
  const sigma4 = (sse / rows) ** 2;
  const oneMinus = 1 - rho;
  const oneMinus4 = oneMinus * oneMinus * oneMinus * oneMinus;
  sums.numerator += (4 * rho * rho * sigma4) / (oneMinus4 * oneMinus4);
  sums.denominator += sigma4 / oneMinus4;
}

/**
 * Ledoit & Wolf (2008), "Robust performance hypothesis testing with the Sharpe ratio", HAC inference on the
 * difference of two Sharpe ratios of aligned return series, as Michael Wolf's R code (hac.inference →
 * compute.se.Parzen) computes it:
 *
 * - SR_i = μ̂_i / s_i with the sample standard deviation (n − 1); the delta method runs on the population moments
 *   (μ̂_1, μ̂_2, γ̂_1 = mean(a²), γ̂_2 = mean(b²)) through f = μ1/√(γ1 − μ1²) − μ2/√(γ2 − μ2²), whose gradient is
 *   (γ1/v1^{3/2}, −γ2/v2^{3/2}, −μ1/(2·v1^{3/2}), μ2/(2·v2^{3/2})) with v_i = γ̂_i − μ̂_i².
 * - Ψ̂ = T/(T − 4)·[Γ̂(0) + Σ_{1 ≤ j < S*} k(j/S*)·(Γ̂(j) + Γ̂(j)ᵀ)], Γ̂(j) = (1/T)·Σ_{t>j} V_t V_{t−j}ᵀ of the centred
 *   moments V_t = (a_t − μ̂_1, b_t − μ̂_2, a_t² − γ̂_1, b_t² − γ̂_2), k = Parzen, S* = 2.6614·(α̂(2)·T)^{1/5} with
 *   α̂(2) = Σ 4ρ̂²σ̂⁴/(1 − ρ̂)⁸ / Σ σ̂⁴/(1 − ρ̂)⁴ over AR(1) fits of the four columns (unit weights). No prewhitening.
 * - SE = √(∇ᵀΨ̂∇ / T), p = 2Φ(−|Δ|/SE).
 *
 * ∇ᵀΓ̂(j)∇ is computed as the lag-j autocovariance of the scalar series u_t = ∇·V_t (the same number, 16× less
 * work), which also makes SE exactly 0 for identical series. Where Wolf's code would stop (a lag j ≥ T, when S* > T − 1)
 * the lag is skipped (Γ̂(j) is an empty sum there); where α̂ is not finite (a degenerate AR(1) fit, R's ar fails)
 * S* is taken as 0 (Γ̂(0) only). Not confirmed against Wolf's own output (no R here): the conventions come from
 * his published R source, the numbers from an independent numpy re-implementation (libs/stats/src/reference_values.py).
 * SE 0 gives p = 1 when the difference is 0 and 0 otherwise.
 *
 * Throws a RangeError for unequal lengths, fewer than 5 observations, non-finite values, or a series with zero
 * sample variance (its Sharpe ratio is undefined).
 */
export function sharpeDifferenceTest(a: ArrayLike<number>, b: ArrayLike<number>): SharpeDifferenceTest {
  const T = a.length;
  if (b.length !== T) throw new RangeError(`sharpeDifferenceTest needs aligned series, got lengths ${T} and ${b.length}`);
  if (!(T >= MIN_SHARPE_TEST_OBSERVATIONS))
    throw new RangeError(`sharpeDifferenceTest needs at least ${MIN_SHARPE_TEST_OBSERVATIONS} observations, got ${T}`);
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  for (let t = 0; t < T; t++) {
    const x = a[t];
    const y = b[t];
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`sharpeDifferenceTest: value at ${t} is not finite (${x}, ${y})`);
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
  }
  const mu1 = sa / T;
  const mu2 = sb / T;
  const gamma1 = saa / T;
  const gamma2 = sbb / T;
  let ssa = 0;
  let ssb = 0;
  for (let t = 0; t < T; t++) {
    const x = a[t] - mu1;
    const y = b[t] - mu2;
    ssa += x * x;
    ssb += y * y;
  }
  if (!(ssa > 0) || !(ssb > 0)) throw new RangeError('sharpeDifferenceTest: a series with zero variance has no Sharpe ratio');
  const difference = mu1 / sqrt(ssa / (T - 1)) - mu2 / sqrt(ssb / (T - 1));

  const v1 = (gamma1 - mu1 * mu1) ** 1.5;
  const v2 = (gamma2 - mu2 * mu2) ** 1.5;
  const g1 = gamma1 / v1;
  const g2 = -gamma2 / v2;
  const g3 = (-0.5 * mu1) / v1;
  const g4 = (0.5 * mu2) / v2;

  const c1 = new Float64Array(T);
  const c2 = new Float64Array(T);
  const c3 = new Float64Array(T);
  const c4 = new Float64Array(T);
  const u = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const x = a[t];
    const y = b[t];
    c1[t] = x - mu1;
    c2[t] = y - mu2;
    c3[t] = x * x - gamma1;
    c4[t] = y * y - gamma2;
    // Paired so that a ≡ b cancels to exactly 0.
    u[t] = g1 * c1[t] + g2 * c2[t] + (g3 * c3[t] + g4 * c4[t]);
  }

  const sums = { numerator: 0, denominator: 0 };
  for (const column of [c1, c2, c3, c4]) addAr1Terms(column, sums);
  const alpha = sums.numerator / sums.denominator;
  const bandwidth = Number.isFinite(alpha) ? PARZEN_BANDWIDTH * (alpha * T) ** 0.2 : 0;

  let quadratic = 0;
  for (let t = 0; t < T; t++) quadratic += u[t] * u[t];
  for (let j = 1; j < bandwidth && j < T; j++) {
    let cross = 0;
    for (let t = j; t < T; t++) cross += u[t] * u[t - j];
    quadratic += 2 * parzen(j / bandwidth) * cross;
  }
  // ∇ᵀΨ̂∇/T = (T/(T − 4))·(quadratic/T)/T.
  const variance = quadratic / T / (T - 4);
  const standardError = variance > 0 ? sqrt(variance) : 0;
  const pValue = standardError > 0 ? 2 * normalCdf(-abs(difference) / standardError) : difference === 0 ? 1 : 0;
  return { difference, standardError, pValue };
}
