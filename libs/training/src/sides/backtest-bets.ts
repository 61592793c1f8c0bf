import { Costs } from '@ares/contracts';
import { backtest, BacktestResult, TripleBarrierParams } from '@ares/ml';
import { horizonSigma } from '../barrier-scale';
import { ModelInputs } from '../model-inputs';
import { Bets } from './bets';

/** What a backtest of a model's bets needs besides the bets: the data, the barriers, the costs and the market. */
export interface BetMarket {
  inputs: ModelInputs;
  barrier: TripleBarrierParams;
  costs: Costs;
  /** A perpetual's funding settlements per bar; unset on spot. */
  funding?: Float64Array;
}

/**
 * Backtests `bets` (none: flat) over [start, end) on the run's barriers, exiting as the labels do, with its costs
 * and funding. Gaps in the timestamps are segment boundaries: no position is held across one.
 */
export function backtestBets(market: BetMarket, bets: Bets | undefined, start: number, end: number): BacktestResult {
  const { inputs, barrier, costs, funding } = market;
  return backtest(inputs.candles, horizonSigma(inputs.sigma, barrier.horizonBars), bets?.side ?? new Int8Array(inputs.candles.length), start, end, {
    costs,
    barrier,
    barsPerYear: inputs.barsPerYear,
    mask: inputs.mask,
    timeframeMs: inputs.timeframeMs,
    size: bets?.size,
    funding,
  });
}
