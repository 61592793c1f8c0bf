// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { exp, log, max } = Math;

export interface MixtureSprtOptions {
  /** τ², the variance of the N(0, τ²) mixing distribution over the mean under the alternative (> 0). */
  mixingVariance: number;
  /** Level of the always-valid test, in (0, 1). */
  alpha: number;
  /** σ², the variance of one observation, when known (> 0); otherwise the running sample variance is plugged in. */
  variance?: number;
  /**
   * First n at which the test may reject (p_n is held at 1 before it). Default 1 with a known variance; with the
   * plug-in variance, `DEFAULT_PLUG_IN_BURN_IN`, since a variance estimated from a handful of bars can be tiny by chance.
   */
  burnIn?: number;
  /** Lower bound on the plug-in variance, so a constant stream cannot divide by 0. Default 1e-12·τ². */
  varianceFloor?: number;
}

export interface MixtureSprt {
  /** Observations read. */
  n: number;
  /** x̄_n, their mean (0 for none). */
  mean: number;
  /** Λ_n, the mixture likelihood ratio after the last observation (may overflow to Infinity: see `logStatistic`). */
  statistic: number;
  /** log Λ_n. */
  logStatistic: number;
  /** The always-valid p-value p_n = min(p_{n−1}, 1/Λ_n), p_0 = 1. */
  pValue: number;
  /** p_n ≤ alpha. */
  rejected: boolean;
  /** The first n with p_n ≤ alpha (1-based), or null. */
  stoppedAt: number | null;
}

/**
 * Bars before a plug-in test may reject. At n = 2 the variance of two draws is tiny often enough (the t statistic
 * has 1 degree of freedom, a Cauchy) that peeking there alone costs several percent of false rejections; from
 * ~30 bars the plug-in behaves like the known variance (the spec checks the type-I error at this burn-in).
 */
export const DEFAULT_PLUG_IN_BURN_IN = 30;

function checkPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`mixtureSprt: ${name} must be finite and > 0, got ${value}`);
}

/**
 * The mixture sequential probability ratio test (mSPRT) of Johari, Pekelis & Walsh, "Always valid inference:
 * continuous monitoring of A/B tests" (Operations Research 2022; arXiv 1512.04922), for H0: mean = 0 of a stream of
 * per-bar return differences (challenger − champion), with a N(0, τ²) mixture over the alternative mean:
 *
 *   Λ_n = √(σ²/(σ² + nτ²)) · exp(n²τ²x̄_n² / (2σ²(σ² + nτ²))),   p_n = min(p_{n−1}, 1/Λ_n),   p_0 = 1.
 *
 * Λ_n is a martingale under H0 with known σ², so by Ville's inequality P(ever p_n ≤ α) ≤ α: the p-value may be
 * read at every bar and the test stopped at `stoppedAt`. Without `variance` the unbiased sample variance of the
 * stream so far (Welford, floored) is plugged in, as the paper does for its platform; validity is then asymptotic,
 * hence the burn-in. Works in log space in one pass; it treats bars as independent (no autocorrelation correction).
 * Throws a RangeError naming the option for τ², σ² or a floor ≤ 0, alpha outside (0, 1), a burn-in < 1, or a
 * non-finite observation.
 */
export function mixtureSprt(differences: ArrayLike<number>, options: MixtureSprtOptions): MixtureSprt {
  const { mixingVariance: tau2, alpha, variance } = options;
  checkPositive('mixingVariance', tau2);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`mixtureSprt: alpha must be in (0, 1), got ${alpha}`);
  if (variance !== undefined) checkPositive('variance', variance);
  const floor = options.varianceFloor ?? 1e-12 * tau2;
  checkPositive('varianceFloor', floor);
  const burnIn = options.burnIn ?? (variance === undefined ? DEFAULT_PLUG_IN_BURN_IN : 1);
  if (!(Number.isInteger(burnIn) && burnIn >= 1)) throw new RangeError(`mixtureSprt: burnIn must be an integer ≥ 1, got ${burnIn}`);

  const count = differences.length;
  const logAlpha = log(alpha);
  let mean = 0;
  let m2 = 0;
  let logLambda = 0;
  let logP = 0;
  let stoppedAt: number | null = null;
  for (let i = 0; i < count; i++) {
    const x = differences[i];
    if (!Number.isFinite(x)) throw new RangeError(`mixtureSprt: difference at ${i} is not finite (${x})`);
    const n = i + 1;
    const delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
    // With the plug-in, one observation has no variance yet: Λ_1 stays 1.
    if (variance === undefined && n < 2) continue;
    const sigma2 = variance ?? max(m2 / (n - 1), floor);
    const spread = sigma2 + n * tau2;
    const sum = n * mean;
    logLambda = 0.5 * (log(sigma2) - log(spread)) + (tau2 * sum * sum) / (2 * sigma2 * spread);
    if (n < burnIn) continue;
    if (-logLambda < logP) logP = -logLambda;
    if (stoppedAt === null && logP <= logAlpha) stoppedAt = n;
  }
  const pValue = exp(logP);
  return { n: count, mean, statistic: exp(logLambda), logStatistic: logLambda, pValue, rejected: stoppedAt !== null, stoppedAt };
}

/** The root u > 1 of u − ln u = c (c > 1), by Newton's method from u = c + ln c (f is convex and increasing there). */
function solveLinearMinusLog(c: number): number {
  let u = c + log(c);
  for (let k = 0; k < 50; k++) {
    const step = (u - log(u) - c) / (1 - 1 / u);
    u -= step;
    if (Math.abs(step) <= 1e-15 * u) break;
  }
  return u;
}

export interface MixingVarianceInput {
  /** δ, the smallest mean difference per bar the test should detect quickly (≠ 0; its sign is ignored). */
  minDetectable: number;
  /** The level the mSPRT will run at, in (0, 1). */
  alpha: number;
}

/**
 * A default τ² for `mixtureSprt` from the smallest effect δ it should detect. The paper's guidance is to match the
 * mixing distribution to the effects one expects (τ on the scale of the effect, ideally from past experiments);
 * the rule used here makes that exact: τ² is the value for which a stream whose running mean sits at δ reaches
 * Λ_n = 1/α at the earliest bar. Writing r = τ²/σ², d = δ²/σ², log Λ_n = −½ln(1 + nr) + n²rd/(2(1 + nr)) peaks in
 * r at 1 + nr = nd; there it equals (u − 1 − ln u)/2 with u = nd, so the boundary is first reached when
 * u − ln u = 1 + 2 ln(1/α), and τ² = δ²(1 − 1/u). σ² cancels (only the bar count n = uσ²/δ² depends on it), and
 * τ² → δ² as α → 0 (u ≈ 9.2 and τ² ≈ 0.89·δ² at α = 0.05). Derived here from the formula for Λ_n, not quoted from
 * the paper. Throws a RangeError naming the field for δ = 0 or non-finite, or alpha outside (0, 1).
 */
export function mixingVarianceFor({ minDetectable, alpha }: MixingVarianceInput): number {
  if (!(minDetectable !== 0 && Number.isFinite(minDetectable))) {
    throw new RangeError(`mixingVarianceFor: minDetectable must be finite and ≠ 0, got ${minDetectable}`);
  }
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`mixingVarianceFor: alpha must be in (0, 1), got ${alpha}`);
  const u = solveLinearMinusLog(1 - 2 * log(alpha));
  return minDetectable * minDetectable * (1 - 1 / u);
}
