import { normalQuantile } from './normal-distribution';
import { MIN_SHARPE_TEST_OBSERVATIONS } from './sharpe-difference-test';

export interface SharpeSampleSizeInput {
  /** True Sharpe ratio of A per period (not annualised). */
  sharpeA: number;
  /** True Sharpe ratio of B per period. */
  sharpeB: number;
  /** ρ, the correlation of A's and B's per-period returns, in [−1, 1]. */
  correlation: number;
  /** Level of the two-sided test of H0: SR_A = SR_B, in (0, 1). */
  alpha: number;
  /** Probability of rejecting at the given difference, in (alpha/2, 1). */
  power: number;
  /** Skewness of A's returns (0 for normal returns). */
  skewA?: number;
  /** Skewness of B's returns. */
  skewB?: number;
  /** Raw kurtosis of A's returns (3 for normal returns). */
  kurtosisA?: number;
  /** Raw kurtosis of B's returns. */
  kurtosisB?: number;
  /** E[z_A²·z_B] of the standardised returns z = (r − μ)/σ (0 for jointly normal returns). */
  comomentA2B?: number;
  /** E[z_A·z_B²] (0 for jointly normal returns). */
  comomentAB2?: number;
  /** E[z_A²·z_B²] (1 + 2ρ² for jointly normal returns). */
  comomentA2B2?: number;
}

/**
 * n·Var(ŜR_A − ŜR_B) as n → ∞ for independent periods, by the delta method: ŜR − SR ≈ mean(z) − (SR/2)·mean(z² − 1),
 * so with ψ = z − (SR/2)(z² − 1) per series,
 *   V = Var ψ_A + Var ψ_B − 2 Cov(ψ_A, ψ_B),  Var ψ = 1 − γ3·SR + (γ4 − 1)/4·SR²  (the PSR's denominator),
 *   Cov = ρ − (SR_B/2)·E[z_A z_B²] − (SR_A/2)·E[z_A² z_B] + (SR_A·SR_B/4)·(E[z_A² z_B²] − 1).
 * With every moment at its normal value this is Jobson & Korkie (1981) as corrected by Memmel (2003):
 * V = 2 − 2ρ + ½(SR_A² + SR_B² − 2·SR_A·SR_B·ρ²). Throws a RangeError for moments that make V ≤ 0.
 */
export function sharpeDifferenceVariance(input: SharpeSampleSizeInput): number {
  const { sharpeA: a, sharpeB: b, correlation: rho } = input;
  const varianceA = 1 - (input.skewA ?? 0) * a + (((input.kurtosisA ?? 3) - 1) / 4) * a * a;
  const varianceB = 1 - (input.skewB ?? 0) * b + (((input.kurtosisB ?? 3) - 1) / 4) * b * b;
  const covariance =
    rho - (b / 2) * (input.comomentAB2 ?? 0) - (a / 2) * (input.comomentA2B ?? 0) + ((a * b) / 4) * ((input.comomentA2B2 ?? 1 + 2 * rho * rho) - 1);
  const v = varianceA + varianceB - 2 * covariance;
  if (!(v > 0) || !Number.isFinite(v)) {
    throw new RangeError(`sharpeDifferenceVariance: the moments give a variance of ${v}; check skew*, kurtosis*, comoment* and correlation`);
  }
  return v;
}

function checkFinite(name: string, value: number | undefined): void {
  if (value !== undefined && !Number.isFinite(value)) throw new RangeError(`sharpeDifferenceSampleSize: ${name} must be finite, got ${value}`);
}

/**
 * How many periods a two-sided test at level alpha of H0: SR_A = SR_B (such as `sharpeDifferenceTest`) needs to
 * detect the given per-period difference with the given power: n = ⌈(z_{1−α/2} + z_power)²·V / (SR_A − SR_B)²⌉,
 * with V from `sharpeDifferenceVariance` — Jobson–Korkie/Memmel under normal returns by default, the non-normal
 * delta-method form when skewness, raw kurtosis and co-moments are given. Periods are taken as independent: for
 * autocorrelated returns (which the HAC test allows for) the answer is optimistic. Never below the test's own
 * minimum (MIN_SHARPE_TEST_OBSERVATIONS). The power ignores the far tail (rejecting with the wrong sign), as usual.
 * Throws a RangeError (an Error) naming the argument: equal Sharpe ratios, alpha or power outside (0, 1), power
 * ≤ alpha/2, |ρ| > 1, or a non-finite input.
 */
export function sharpeDifferenceSampleSize(input: SharpeSampleSizeInput): number {
  const { sharpeA, sharpeB, correlation, alpha, power } = input;
  for (const [name, value] of Object.entries(input)) checkFinite(name, value as number | undefined);
  if (sharpeA === sharpeB) throw new RangeError(`sharpeDifferenceSampleSize: sharpeA and sharpeB are equal (${sharpeA}): no difference to detect`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`sharpeDifferenceSampleSize: alpha must be in (0, 1), got ${alpha}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`sharpeDifferenceSampleSize: power must be in (0, 1), got ${power}`);
  if (!(power > alpha / 2)) throw new RangeError(`sharpeDifferenceSampleSize: power must exceed alpha/2 (${alpha / 2}), got ${power}`);
  if (!(Math.abs(correlation) <= 1)) throw new RangeError(`sharpeDifferenceSampleSize: correlation must be in [−1, 1], got ${correlation}`);
  // z_{1−α/2} = −Φ⁻¹(α/2): the small tail keeps its digits.
  const z = -normalQuantile(alpha / 2) + normalQuantile(power);
  const difference = sharpeA - sharpeB;
  const n = Math.ceil((z * z * sharpeDifferenceVariance(input)) / (difference * difference));
  return Math.max(n, MIN_SHARPE_TEST_OBSERVATIONS);
}
