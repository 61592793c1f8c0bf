import { expectedMaxSharpe } from './expected-max-sharpe';
import { probabilisticSharpeRatio } from './probabilistic-sharpe-ratio';

export interface DsrInput {
  /** The selected (best) trial's observed Sharpe ratio per period (not annualised). */
  sharpe: number;
  /** Periods behind `sharpe`. */
  observations: number;
  /** Independent trials the selection was made from (an integer ≥ 1). */
  trials: number;
  /** Variance of the trials' per-period Sharpe ratios across trials (≥ 0). */
  trialSharpeVariance: number;
  /** Skewness of the selected trial's returns (m3 / m2^1.5, as sampleMoments gives it). */
  skewness: number;
  /** Raw (not excess) kurtosis of the selected trial's returns: 3 for a normal distribution. */
  kurtosis: number;
}

/**
 * Bailey & López de Prado (2014): the probabilistic Sharpe ratio of the selected trial against the Sharpe ratio the
 * best of `trials` unskilled trials would reach by luck (expectedMaxSharpe), so the more configurations were tried
 * the more the observed Sharpe ratio must clear. With one trial the benchmark is 0 and this is PSR against 0.
 */
export function deflatedSharpeRatio({ sharpe, observations, trials, trialSharpeVariance, skewness, kurtosis }: DsrInput): number {
  for (const [name, value] of [
    ['sharpe', sharpe],
    ['skewness', skewness],
    ['kurtosis', kurtosis],
  ] as const) {
    if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, got ${value}`);
  }
  if (!Number.isInteger(observations) || observations < 0) throw new RangeError(`observations must be an integer ≥ 0, got ${observations}`);
  const benchmarkSharpe = expectedMaxSharpe({ trials, trialSharpeVariance });
  return probabilisticSharpeRatio({ sharpe, benchmarkSharpe, observations, skewness, kurtosis });
}
