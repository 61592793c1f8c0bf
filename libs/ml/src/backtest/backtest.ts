import { Candles } from '@ares/market-data';
import { assertTripleBarrierParams, TradeSide, TripleBarrierParams } from '../labels/triple-barrier';
import { buyAndHoldEquity, tradableBar } from './buy-and-hold';
import { maxDrawdown, perBarReturns, sharpeRatio, totalReturn } from './performance-metrics';
import { Position } from './position';
import { BacktestCosts, borrowRatePerBar, costFactors, costRates } from './trading-costs';

export type { BacktestCosts } from './trading-costs';

// Builtins bound once: a global lookup per bar is slow inside a vm context (Jest's runs every spec in one).
const { exp, min, max } = Math;
const { isFinite } = Number;

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
  /**
   * Bet size per bar, the fraction of equity a position opened there commits, in (0, 1]; default 1. A bar with a
   * size ≤ 0 or not finite opens nothing.
   */
  size?: Float64Array;
  /**
   * A perpetual's funding settlements per bar (the summed rates of the funding times in [open, open + bar)); a
   * position held into bar k pays rate × notional when long and receives it when short. Unset: a spot market, where
   * shorts pay costs.borrowBpsPerDay instead. NaN on a bar a position is held into is an error: unknown funding is
   * never taken for zero.
   */
  funding?: Float64Array;
}

/** 'gap': closed at the last bar before a segment boundary (a gap in the timestamps). */
export type ExitReason = 'take-profit' | 'stop-loss' | 'vertical' | 'gap' | 'end';

export interface Trade {
  side: TradeSide;
  /** Fraction of equity committed at entry. */
  size: number;
  entryIndex: number;
  exitIndex: number;
  /** Reference (market) prices before slippage and fees: close[entryIndex], and the barrier / close at exit. */
  entryPrice: number;
  exitPrice: number;
  /** The side's return before costs: exitPrice / entryPrice − 1 long, 1 − exitPrice / entryPrice short. */
  grossReturn: number;
  /**
   * On the committed capital, after slippage and taker fee on both fills and the carry: long
   * exit·(1 − slip)(1 − fee) / (entry·(1 + slip)(1 + fee)) − 1, short (1 − slip)(1 − fee) − exit/entry·(1 + slip)(1 + fee).
   */
  netReturn: number;
  /** Funding paid (negative: received) over the holding period, as a fraction of the committed capital. */
  funding: number;
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
  longTrades: number;
  shortTrades: number;
  /** Profit and loss of the long and of the short trades, as fractions of starting equity; they sum to totalReturn. */
  longPnl: number;
  shortPnl: number;
  /** Mean fraction of equity committed per trade (0 without trades). */
  averageBetSize: number;
  /** Funding paid, signed (negative: received), as a fraction of starting equity; 0 on spot. */
  fundingPaid: number;
  /** Spot shorts' borrow interest, as a fraction of starting equity. */
  borrowPaid: number;
  /** Taker fees and slippage paid on every fill, as fractions of starting equity. */
  feesPaid: number;
  slippagePaid: number;
}

export interface BacktestResult {
  trades: Trade[];
  /** Mark-to-market equity at the close of each bar of [start, end), from 1 before start. */
  equity: Float64Array;
  metrics: BacktestMetrics;
}

const positive = (x: number) => x > 0 && isFinite(x);

/**
 * Bar-by-bar, one position at a time, long or short. At bar t the only inputs are signal[t], size[t], sigma[t] and
 * prices up to close[t]; a property test checks that rewriting everything after t changes nothing up to t.
 *
 *  - Entry: signal[t] = 1 (long) or −1 (short) while flat, bar t tradable, sigma[t] finite > 0, size[t] > 0, and
 *    t < end − 1 (a position opened on the last bar could only be closed at once, paying costs for nothing). Fills at
 *    close[t]·(1 ± slip) plus fee, committing size[t] of equity.
 *  - Exits mirror the labels of the side: each later tradable bar checks the stop first, then the take-profit (a bar
 *    touching both is a stop-loss). A stop is filled at the worse of the stop and the open (a bar that gaps through
 *    it cannot be traded at the stop); a take-profit fills at the barrier, without crediting a gap. From bar t + h on,
 *    a bar that touches neither barrier exits at its close ('vertical').
 *  - Bars that are not tradable (masked, non-finite prices) neither trigger nor price anything; the position is
 *    marked at the last trusted close and the vertical exit waits for the next tradable bar.
 *  - Carry: for every bar k a position is held into (entry + 1 .. exit), a perpetual settles funding[k] on the
 *    notional at the last trusted close before it (longs pay a positive rate, shorts receive it), and a spot short
 *    pays one bar of borrow interest. Both are settled with the position.
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
  signal: Uint8Array | Int8Array,
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
  if (options.size && options.size.length !== n) throw new RangeError(`size has ${options.size.length} rows, candles ${n}`);
  if (options.funding && options.funding.length !== n) throw new RangeError(`funding has ${options.funding.length} rows, candles ${n}`);
  const tf = options.timeframeMs;
  if (tf !== undefined && !(tf > 0 && isFinite(tf))) throw new RangeError(`timeframeMs must be a positive number, got ${tf}`);
  assertTripleBarrierParams(options.barrier);
  const factors = costFactors(options.costs);
  const { fee, slip } = costRates(options.costs);
  const { funding, size, mask } = options;
  const borrowPerBar = funding ? 0 : borrowRatePerBar(options.costs, options.barsPerYear);
  const { kTp, kSl, horizonBars } = options.barrier;
  const { open, high, low, close, timestamps } = candles;
  /** Bar k is the last of its segment: the next bar of the window opens more than one bar later. */
  const beforeGap = (k: number) => tf !== undefined && k + 1 < end && timestamps[k + 1] - timestamps[k] > tf;

  const equity = new Float64Array(end - start);
  const trades: Trade[] = [];
  const paid = { funding: 0, borrow: 0, fees: 0, slippage: 0, longPnl: 0, shortPnl: 0, size: 0 };
  let cash = 1; // equity while flat
  let position: Position | undefined;
  let upper = NaN; // the long's take-profit or the short's stop
  let lower = NaN;
  let mark = NaN; // last trusted close while in a position
  let barsHeld = 0;

  /** Fee and slippage of one fill of `units` at reference `price`, buying or selling. */
  const payFill = (units: number, price: number, buying: boolean) => {
    paid.slippage += units * price * slip;
    paid.fees += units * price * (buying ? 1 + slip : 1 - slip) * fee;
  };

  const exitAt = (k: number, price: number, reason: ExitReason) => {
    const p = position!;
    const before = cash;
    cash = p.closedValue(price);
    payFill(p.units, price, p.side === 'short');
    trades.push({
      side: p.side,
      size: p.size,
      entryIndex: p.entryIndex,
      exitIndex: k,
      entryPrice: p.entryPrice,
      exitPrice: price,
      grossReturn: p.grossReturn(price),
      netReturn: (cash - p.idle) / p.committed - 1,
      funding: p.funding / p.committed,
      exitReason: reason,
    });
    if (p.side === 'long') paid.longPnl += cash - before;
    else paid.shortPnl += cash - before;
    paid.funding += p.funding;
    paid.borrow += p.borrow;
    barsHeld += k - p.entryIndex;
    position = undefined;
  };

  for (let k = start; k < end; k++) {
    const p = position;
    if (p) {
      // Carry for the bar the position is held into, on the notional at the last trusted close before it.
      if (funding) {
        const rate = funding[k];
        if (!isFinite(rate)) {
          throw new RangeError(`funding is unknown at bar ${k} (${new Date(timestamps[k]).toISOString()}) while a position is held`);
        }
        if (rate !== 0) p.payFunding(rate, mark);
      } else if (borrowPerBar > 0) p.payBorrow(borrowPerBar, mark);
    }
    const tradable = tradableBar(candles, k, mask);
    if (p && tradable) {
      const opened = isFinite(open[k]);
      if (p.side === 'long') {
        if (low[k] <= lower) exitAt(k, opened ? min(lower, open[k]) : lower, 'stop-loss');
        else if (high[k] >= upper) exitAt(k, upper, 'take-profit');
      } else if (high[k] >= upper) exitAt(k, opened ? max(upper, open[k]) : upper, 'stop-loss');
      else if (low[k] <= lower) exitAt(k, lower, 'take-profit');
      if (position && k >= p.entryIndex + horizonBars) exitAt(k, close[k], 'vertical');
      else if (position) mark = close[k];
    }
    const lastOfSegment = beforeGap(k);
    if (position && lastOfSegment) exitAt(k, mark, 'gap');
    const side = signal[k];
    if (!position && (side === 1 || side === -1) && tradable && k < end - 1 && !lastOfSegment && positive(sigma[k])) {
      const fraction = size ? size[k] : 1;
      if (fraction > 0 && fraction <= 1) {
        const long = side === 1;
        const price = close[k];
        const committed = cash * fraction;
        const opened = new Position(long ? 'long' : 'short', k, price, fraction, committed, cash - committed, factors);
        payFill(opened.units, price, long);
        paid.size += fraction;
        upper = price * exp((long ? kTp : kSl) * sigma[k]);
        lower = price * exp(-(long ? kSl : kTp) * sigma[k]);
        mark = price;
        position = opened;
      } else if (!(fraction <= 0) && !Number.isNaN(fraction)) {
        throw new RangeError(`size at bar ${k} is ${fraction}; a bet commits a fraction of equity in (0, 1]`);
      }
    }
    equity[k - start] = position ? position.value(mark) : cash;
  }
  if (position) {
    // Close at close[end − 1], or at the last trusted close if that bar is not tradable.
    exitAt(end - 1, mark, 'end');
    equity[end - 1 - start] = cash;
  }

  let wins = 0;
  let longTrades = 0;
  for (const t of trades) {
    if (t.netReturn > 0) wins++;
    if (t.side === 'long') longTrades++;
  }
  const benchmark = buyAndHoldEquity(candles, start, end, options.costs, mask, funding);
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
    longTrades,
    shortTrades: trades.length - longTrades,
    longPnl: paid.longPnl,
    shortPnl: paid.shortPnl,
    averageBetSize: trades.length === 0 ? 0 : paid.size / trades.length,
    fundingPaid: paid.funding,
    borrowPaid: paid.borrow,
    feesPaid: paid.fees,
    slippagePaid: paid.slippage,
  };
  return { trades, equity, metrics };
}
