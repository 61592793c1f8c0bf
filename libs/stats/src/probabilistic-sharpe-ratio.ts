import { normalCdf } from './normal-distribution';

export interface PsrInput {
  /** Observed Sharpe ratio per period (not annualised). */
  sharpe: number;
  /** The Sharpe ratio per period to beat (0: "is it positive at all?"). */
  benchmarkSharpe: number;
  observations: number;
  skewness: number;
  /** Raw kurtosis (3 for a normal distribution). */
  kurtosis: number;
}

/**
 * Bailey & López de Prado (2012): the probability that the true Sharpe ratio exceeds `benchmarkSharpe`, given the
 * observed one over `observations` periods with non-normal returns:
 * Φ((SR − SR*)·√(n − 1) / √(1 − γ3·SR + (γ4 − 1)/4·SR²)). Fewer than two observations carry no evidence (0.5 at
 * the benchmark, else 0 or 1 would be a claim the data cannot make), so they return 0.
 */
export function probabilisticSharpeRatio({ sharpe, benchmarkSharpe, observations, skewness, kurtosis }: PsrInput): number {
  if (!(observations >= 2)) return 0;
  const variance = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(variance > 0)) return sharpe > benchmarkSharpe ? 1 : 0;
  return normalCdf(((sharpe - benchmarkSharpe) * Math.sqrt(observations - 1)) / Math.sqrt(variance));
}
