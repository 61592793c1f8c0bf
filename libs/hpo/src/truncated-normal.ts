import { logNormalCdf, normalCdf, normalQuantile } from '@ares/stats';

/** log(p) − log(q) as log(p − q) for p ≥ q, without leaving log space. */
function logDiff(logP: number, logQ: number): number {
  return logP + Math.log1p(-Math.exp(logQ - logP));
}

/**
 * log(Φ(b) − Φ(a)): the log probability mass of a standard normal on [a, b]. Works in the left tail (mirroring the
 * right one) so that an interval far from the mean keeps its digits, as the discretised (int) kernels need.
 */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNormalCdf(b), logNormalCdf(a));
  if (a > 0) return logDiff(logNormalCdf(-a), logNormalCdf(-b));
  // Central: 1 − Φ(a) − Φ(−b) avoids the cancellation of Φ(b) − Φ(a) when both are near 0 and 1.
  return Math.log1p(-normalCdf(a) - normalCdf(-b));
}

/**
 * The u-quantile (u in [0, 1)) of a standard normal truncated to [a, b]: inverse-CDF sampling, one uniform per draw.
 * The smaller of the two tail probabilities is inverted, so draws near either bound stay precise.
 */
export function truncatedNormalQuantile(u: number, a: number, b: number): number {
  const lowTail = normalCdf(a);
  const highTail = normalCdf(-b);
  const mass = a > 0 || b <= 0 ? Math.exp(logGaussMass(a, b)) : 1 - lowTail - highTail;
  const below = lowTail + u * mass;
  const above = highTail + (1 - u) * mass;
  const z = below < above ? normalQuantile(below) : -normalQuantile(above);
  // Rounding can step a hair outside the interval; the kernel's support is [a, b].
  return Math.min(b, Math.max(a, z));
}
