/** Per-fill costs in basis points of notional, and the interest a spot short pays on what it borrowed. */
export interface BacktestCosts {
  takerFeeBps: number;
  slippageBps: number;
  /** Per day held, on the borrowed coins' value; spot shorts only (a perpetual pays funding instead). Default 0. */
  borrowBpsPerDay?: number;
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

/** Fee and slippage as fractions of notional, checked as costFactors checks them. */
export function costRates(costs: BacktestCosts): { fee: number; slip: number } {
  costFactors(costs);
  return { fee: costs.takerFeeBps / 10_000, slip: costs.slippageBps / 10_000 };
}

/** Spot-short borrow interest per bar as a fraction of the borrowed value (0 when not set). */
export function borrowRatePerBar(costs: BacktestCosts, barsPerYear: number): number {
  const bps = costs.borrowBpsPerDay ?? 0;
  if (!(bps >= 0) || !Number.isFinite(bps)) throw new RangeError(`borrowBpsPerDay must be a non-negative number, got ${bps}`);
  return bps / 10_000 / (barsPerYear / 365);
}
