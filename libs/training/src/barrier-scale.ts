import { BacktestCosts } from '@ares/ml';

/**
 * Barrier σ: the causal rolling volatility of 1-bar log returns scaled to the label horizon (σ·√h), so that
 * k_tp and k_sl mean "k typical moves over the holding period" whatever h is. With unscaled 1-bar σ, short
 * barriers sit inside the round-trip costs and every candidate loses to fees.
 */
export function horizonSigma(sigma: Float64Array, horizonBars: number): Float64Array {
  const scale = Math.sqrt(horizonBars);
  const out = new Float64Array(sigma.length);
  for (let i = 0; i < sigma.length; i++) out[i] = sigma[i] * scale;
  return out;
}

/** Round-trip cost as a fraction of notional: fee and slippage on entry and on exit. */
export function roundTripCost(costs: BacktestCosts): number {
  return (2 * (costs.takerFeeBps + costs.slippageBps)) / 10_000;
}

/**
 * The probability of reaching the take-profit first above which a long entry has positive expected value after
 * costs: p·k_tp·σ − (1 − p)·k_sl·σ − c > 0 ⇔ p > (k_sl·σ + c) / ((k_tp + k_sl)·σ). It rises when σ is small
 * relative to costs, so the model trades less when barriers are too close to pay for themselves.
 */
export function breakEvenProbability(barrierSigma: number, kTp: number, kSl: number, cost: number): number {
  if (!(barrierSigma > 0)) return 1;
  return Math.min(1, (kSl * barrierSigma + cost) / ((kTp + kSl) * barrierSigma));
}
