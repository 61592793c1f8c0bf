import { normalQuantile } from './normal-distribution';

/** The Euler–Mascheroni constant γ. */
export const EULER_MASCHERONI = 0.5772156649015329;

export interface ExpectedMaxSharpeInput {
  /** How many independent trials (strategy configurations) were tried: an integer ≥ 1. */
  trials: number;
  /** Variance of the trials' Sharpe ratios across trials (per period, like the Sharpe ratios themselves), ≥ 0. */
  trialSharpeVariance: number;
}

/**
 * Bailey & López de Prado (2014), "The Deflated Sharpe Ratio": the expected maximum of `trials` independent Sharpe
 * ratios drawn around a true Sharpe ratio of 0 with variance V, from the extreme-value approximation
 * E[max] ≈ √V · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))). One trial has nothing to be the maximum of: 0.
 * Throws a RangeError naming the field for a non-integer or < 1 `trials` or a negative or non-finite variance.
 */
export function expectedMaxSharpe({ trials, trialSharpeVariance }: ExpectedMaxSharpeInput): number {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`trials must be an integer ≥ 1, got ${trials}`);
  if (!Number.isFinite(trialSharpeVariance) || trialSharpeVariance < 0) {
    throw new RangeError(`trialSharpeVariance must be finite and ≥ 0, got ${trialSharpeVariance}`);
  }
  if (trials === 1) return 0;
  // Φ⁻¹(1 − p) = −Φ⁻¹(p): the small tail keeps the digits that 1 − 1/N loses for large N.
  const lower = -normalQuantile(1 / trials);
  const upper = -normalQuantile(1 / (trials * Math.E));
  return Math.sqrt(trialSharpeVariance) * ((1 - EULER_MASCHERONI) * lower + EULER_MASCHERONI * upper);
}
