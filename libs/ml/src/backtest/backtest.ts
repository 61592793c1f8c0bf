import { Candles } from '@ares/market-data';
import { assertTripleBarrierParams, TripleBarrierParams } from '../labels/triple-barrier';
import { buyAndHoldEquity, tradableBar } from './buy-and-hold';
import { maxDrawdown, perBarReturns, sharpeRatio, totalReturn } from './performance-metrics';
import { BacktestCosts, costFactors } from './trading-costs';

export type { BacktestCosts } from './trading-costs';

export interface BacktestOptions {
  costs: BacktestCosts;
  /** Exits mirror the labels: take-profit / stop-loss at close[t]·exp(±k·sigma[t]), vertical after horizonBars. */
  barrier: TripleBarrierParams;
  /** For annualising the Sharpe ratio (e.g. 24·365 for 1h crypto bars). */
  barsPerYear: number;
  /** Quality mask (1 = usable): no entries on masked rows, and their prices never trigger or price an exit. */
  mask?: Uint8Array;
  /**
   * Bar length in ms. When given, a step of more than one bar between consecutive open times is a segment
   * boundary: no position is held across it (see backtest). Without it, positions are held through gaps.
   */
  timeframeMs?: number;
}

/** 'gap': closed at the last bar before a segment boundary (a gap in the timestamps). */
export type ExitReason = 'take-profit' | 'stop-loss' | 'vertical' | 'gap' | 'end';

export interface Trade {
  entryIndex: number;
  exitIndex: number;
  /** Reference (market) prices before slippage and fees: close[entryIndex], and the barrier / close at exit. */
  entryPrice: number;
  exitPrice: number;
  /** exitPrice / entryPrice − 1. */
  grossReturn: number;
  /** After slippage and taker fee on both fills: exit·(1 − slip)(1 − fee) / (entry·(1 + slip)(1 + fee)) − 1. */
  netReturn: number;
  exitReason: ExitReason;
}

export interface BacktestMetrics {
  totalReturn: number;
  /** Annualised from per-bar simple returns of the equity curve. */
  sharpe: number;
  /** Positive fraction. */
  maxDrawdown: number;
  trades: number;
  /** Fraction of trades with netReturn > 0 (0 without trades). */
  hitRate: number;
  /** Fraction of bars of [start, end) over which a position was held (bars entry+1 .. exit). */
  exposure: number;
  buyAndHoldReturn: number;
  buyAndHoldSharpe: number;
  buyAndHoldMaxDrawdown: number;
}

export interface BacktestResult {
  trades: Trade[];
  /** Mark-to-market equity at the close of each bar of [start, end), from 1 before start. */
  equity: Float64Array;
  metrics: BacktestMetrics;
}

const positive = (x: number) => x > 0 && Number.isFinite(x);

/**
 * Bar-by-bar, long-only, one position at a time. At bar t the only inputs are signal[t], sigma[t] and prices up to
 * close[t]; a property test checks that rewriting everything after t changes nothing up to t.
 *
 *  - Entry: signal[t] = 1 while flat, bar t tradable, sigma[t] finite > 0, and t < end − 1 (a position opened on
 *    the last bar could only be closed at once, paying costs for nothing). Fills at close[t]·(1 + slip) plus fee.
 *  - While long, each later tradable bar checks low ≤ SL first, then high ≥ TP (a bar touching both is a stop-loss,
 *    as in the labels). A stop is filled at min(SL, open): a bar that opens below the stop (after an outage) cannot
 *    be sold at the stop. A take-profit fills at TP, without crediting a gap up. From bar t + h on, a bar that
 *    touches neither barrier exits at its close ('vertical').
 *  - Bars that are not tradable (masked, non-finite prices) neither trigger nor price anything; the position is
 *    marked at the last trusted close and the vertical exit waits for the next tradable bar.
 *  - With options.timeframeMs, each stretch of bars between gaps (a segment) trades like a window of its own: a
 *    position still open at a segment's last bar is closed at its close ('gap', or the last trusted close), paying
 *    exit costs, and no entry is made on a segment's last bar. The boundary is read from the next open time — the
 *    data's schedule, not its prices — so this assumes the outage was known at that close; holding through it
 *    instead would price the position on bars the exchange did not trade.
 *  - A position still open at `end` is closed at close[end − 1] ('end'), paying exit costs.
 *  - Flat again after an exit at bar k, the strategy may enter at close[k] on signal[k].
 */
export function backtest(
  candles: Candles,
  sigma: Float64Array,
  signal: Uint8Array,
  start: number,
  end: number,
  options: BacktestOptions,
): BacktestResult {
  const n = candles.length;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > n || start >= end) {
    throw new RangeError(`backtest window [${start}, ${end}) must be non-empty and inside the ${n} candles`);
  }
  if (sigma.length !== n) throw new RangeError(`sigma has ${sigma.length} rows, candles ${n}`);
  if (signal.length !== n) throw new RangeError(`signal has ${signal.length} rows, candles ${n}`);
  if (options.mask && options.mask.length !== n) throw new RangeError(`mask has ${options.mask.length} rows, candles ${n}`);
  const tf = options.timeframeMs;
  if (tf !== undefined && !(tf > 0 && Number.isFinite(tf))) throw new RangeError(`timeframeMs must be a positive number, got ${tf}`);
  assertTripleBarrierParams(options.barrier);
  const { entry: entryCost, exit: exitCost } = costFactors(options.costs);
  const { kTp, kSl, horizonBars } = options.barrier;
  const { open, high, low, close, timestamps } = candles;
  const mask = options.mask;
  /** Bar k is the last of its segment: the next bar of the window opens more than one bar later. */
  const beforeGap = (k: number) => tf !== undefined && k + 1 < end && timestamps[k + 1] - timestamps[k] > tf;

  const equity = new Float64Array(end - start);
  const trades: Trade[] = [];
  let cash = 1; // capital while flat
  let long = false;
  let entryIndex = -1;
  let entryPrice = NaN;
  let units = 0;
  let upper = NaN;
  let lower = NaN;
  let mark = NaN; // last trusted close while long
  let barsHeld = 0;

  const exitAt = (k: number, price: number, reason: ExitReason) => {
    const ratio = (price * exitCost) / (entryPrice * entryCost);
    trades.push({
      entryIndex,
      exitIndex: k,
      entryPrice,
      exitPrice: price,
      grossReturn: price / entryPrice - 1,
      netReturn: ratio - 1,
      exitReason: reason,
    });
    cash *= ratio;
    barsHeld += k - entryIndex;
    long = false;
  };

  for (let k = start; k < end; k++) {
    const tradable = tradableBar(candles, k, mask);
    if (long && tradable) {
      if (low[k] <= lower) exitAt(k, Number.isFinite(open[k]) ? Math.min(lower, open[k]) : lower, 'stop-loss');
      else if (high[k] >= upper) exitAt(k, upper, 'take-profit');
      else if (k >= entryIndex + horizonBars) exitAt(k, close[k], 'vertical');
      else mark = close[k];
    }
    const lastOfSegment = beforeGap(k);
    if (long && lastOfSegment) exitAt(k, mark, 'gap');
    if (!long && tradable && k < end - 1 && !lastOfSegment && signal[k] === 1 && positive(sigma[k])) {
      entryIndex = k;
      entryPrice = close[k];
      units = cash / (entryPrice * entryCost);
      upper = entryPrice * Math.exp(kTp * sigma[k]);
      lower = entryPrice * Math.exp(-kSl * sigma[k]);
      mark = entryPrice;
      long = true;
    }
    equity[k - start] = long ? units * mark : cash;
  }
  if (long) {
    // Close at close[end − 1], or at the last trusted close if that bar is not tradable.
    exitAt(end - 1, mark, 'end');
    equity[end - 1 - start] = cash;
  }

  let wins = 0;
  for (const t of trades) if (t.netReturn > 0) wins++;
  const benchmark = buyAndHoldEquity(candles, start, end, options.costs, mask);
  const metrics: BacktestMetrics = {
    totalReturn: totalReturn(equity),
    sharpe: sharpeRatio(perBarReturns(equity), options.barsPerYear),
    maxDrawdown: maxDrawdown(equity),
    trades: trades.length,
    hitRate: trades.length === 0 ? 0 : wins / trades.length,
    exposure: barsHeld / (end - start),
    buyAndHoldReturn: totalReturn(benchmark),
    buyAndHoldSharpe: sharpeRatio(perBarReturns(benchmark), options.barsPerYear),
    buyAndHoldMaxDrawdown: maxDrawdown(benchmark),
  };
  return { trades, equity, metrics };
}
