/** Per-fill costs in basis points of notional. */
export interface BacktestCosts {
  takerFeeBps: number;
  slippageBps: number;
}

/**
 * Multipliers for a long round trip: a buy fills at price·(1 + slip) and pays fee on its notional, a sell fills at
 * price·(1 − slip) and pays fee on its notional. So capital C buys C / (price·(1 + slip)·(1 + fee)) units, and
 * selling them returns units·price·(1 − slip)·(1 − fee).
 */
export interface CostFactors {
  /** (1 + slip)·(1 + fee): what one unit of reference price costs on entry. */
  entry: number;
  /** (1 − slip)·(1 − fee): what one unit of reference price returns on exit. */
  exit: number;
}

export function costFactors(costs: BacktestCosts): CostFactors {
  const { takerFeeBps, slippageBps } = costs;
  if (!(takerFeeBps >= 0) || takerFeeBps >= 10_000) throw new RangeError(`takerFeeBps must be in [0, 10000), got ${takerFeeBps}`);
  if (!(slippageBps >= 0) || slippageBps >= 10_000) throw new RangeError(`slippageBps must be in [0, 10000), got ${slippageBps}`);
  const fee = takerFeeBps / 10_000;
  const slip = slippageBps / 10_000;
  return { entry: (1 + slip) * (1 + fee), exit: (1 - slip) * (1 - fee) };
}
