/**
 * The standard normal distribution: CDF, log-CDF and quantile, accurate to ~1e-15 relative in both tails.
 * Written from the textbook series and continued fraction for erfc (no tables to trust), so the TPE kernels (libs/hpo)
 * and the Sharpe-ratio statistics can work deep in the tails where a naive 1 − Φ(x) underflows or cancels.
 */

const SQRT2 = Math.SQRT2;
const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erf(x) for 0 ≤ x ≤ ~3 from the all-positive series erf(x) = 2/√π·e^{-x²}·Σ 2ⁿx^{2n+1}/(2n+1)!! (no cancellation). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 0; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 3);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * log(√π·e^{x²}·erfc(x)) for x ≥ 2, from Laplace's continued fraction 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
 * evaluated bottom-up; the depth needed falls quickly with x (60 terms reach double precision at x = 2).
 */
function logScaledErfcFraction(x: number): number {
  const depth = x < 3 ? 60 : x < 5 ? 30 : x < 10 ? 16 : 8;
  let t = x;
  for (let k = depth; k >= 1; k--) t = x + k / 2 / t;
  return -Math.log(t);
}

/** log erfc(x), finite for every finite x (erfc underflows past x ≈ 27; its log does not). */
export function logErfc(x: number): number {
  if (x < 2) return Math.log(erfc(x));
  return -x * x - LOG_SQRT_PI + logScaledErfcFraction(x);
}

/** erfc(x) with full relative precision for x ≥ 0 (down to the underflow near 27). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  // erfc(−x) = 2 − erfc(x) ∈ [1, 2]: no precision lost on the negative side.
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) return 1 - erfSeries(x);
  return Math.exp(-x * x - LOG_SQRT_PI + logScaledErfcFraction(x));
}

/** Φ(a), the standard normal CDF. */
export function normalCdf(a: number): number {
  return 0.5 * erfc(-a / SQRT2);
}

/** log Φ(a), accurate where Φ(a) underflows (a → −∞) and where it rounds to 1 (a → +∞). */
export function logNormalCdf(a: number): number {
  if (Number.isNaN(a)) return NaN;
  if (a === -Infinity) return -Infinity;
  if (a > 5) return Math.log1p(-normalCdf(-a));
  return logErfc(-a / SQRT2) - Math.LN2;
}

/** log of the standard normal density. */
export function logNormalPdf(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

// Acklam's rational approximation of Φ⁻¹ (relative error < 1.2e-9), polished below by Halley steps on Φ.
const A = [-39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/**
 * Φ⁻¹(p) for p in (0, 1). Callers wanting precision near 1 pass the small tail instead (x = −Φ⁻¹(1 − p)),
 * since 1 − p itself has lost the digits.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (p > 0.5) return -normalQuantile(1 - p);
  let x = acklam(p);
  for (let i = 0; i < 2; i++) {
    // Halley's step on f(x) = Φ(x) − p, with the error taken relative to p so tiny p keeps its precision.
    const e = normalCdf(x) - p;
    const u = e * Math.exp(LOG_SQRT_2PI + 0.5 * x * x);
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}
