import type { AbComparison } from '@ares/contracts';
import { sampleMoments, sharpeDifferenceTest } from '@ares/stats';

/** Pearson correlation of two aligned series; 0 when either is flat. */
export function correlationOf(a: Float64Array, b: Float64Array): number {
  const ma = sampleMoments(a);
  const mb = sampleMoments(b);
  if (ma.std === 0 || mb.std === 0) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - ma.mean) * (b[i] - mb.mean);
  return sum / (a.length - 1) / (ma.std * mb.std);
}

/**
 * The challenger and the champion on the same bars: their per-bar and annualised Sharpe ratios, the Ledoit–Wolf
 * HAC test of the difference (none when a series is flat: a model that did not trade has no Sharpe ratio to test),
 * and what the window's length, returns and trades were.
 */
export function compareOnWindow(facts: {
  challenger: { returns: Float64Array; trades: number; totalReturn: number };
  champion: { returns: Float64Array; trades: number; totalReturn: number };
  championVersion: number;
  championOutOfSample: boolean;
  window: AbComparison['window'];
  barsPerYear: number;
}): AbComparison {
  const { challenger, champion, barsPerYear } = facts;
  if (challenger.returns.length !== champion.returns.length) {
    throw new RangeError(`the two models' window returns are not aligned (${challenger.returns.length} vs ${champion.returns.length} bars)`);
  }
  const a = sampleMoments(challenger.returns);
  const b = sampleMoments(champion.returns);
  const testable = a.std > 0 && b.std > 0 && challenger.returns.length >= 5;
  const test = testable ? sharpeDifferenceTest(challenger.returns, champion.returns) : null;
  const annual = Math.sqrt(barsPerYear);
  return {
    championVersion: facts.championVersion,
    window: facts.window,
    championOutOfSample: facts.championOutOfSample,
    challengerSharpe: a.sharpe,
    championSharpe: b.sharpe,
    challengerSharpeAnnual: a.sharpe * annual,
    championSharpeAnnual: b.sharpe * annual,
    difference: test?.difference ?? a.sharpe - b.sharpe,
    standardError: test?.standardError ?? null,
    pValue: test?.pValue ?? null,
    correlation: correlationOf(challenger.returns, champion.returns),
    differenceStd: sampleMoments(Float64Array.from(challenger.returns, (x, i) => x - champion.returns[i])).std,
    challengerReturn: challenger.totalReturn,
    championReturn: champion.totalReturn,
    challengerTrades: challenger.trades,
    championTrades: champion.trades,
  };
}
