import { Candles } from '@ares/market-data';
import { BacktestCosts, costFactors } from './trading-costs';

// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { isFinite } = Number;

/** True when bar k's prices can be traded on: unmasked and with positive finite high, low and close. */
export function tradableBar(candles: Candles, k: number, mask?: Uint8Array): boolean {
  if (mask && mask[k] !== 1) return false;
  const { high, low, close } = candles;
  return close[k] > 0 && high[k] > 0 && low[k] > 0 && isFinite(close[k]) && isFinite(high[k]) && isFinite(low[k]);
}

/**
 * The benchmark over the same window and costs as the strategy: buy at the close of the first tradable bar of
 * [start, end), hold, sell at the close of the last bar (end − 1; the last tradable close if that bar is not
 * tradable). Equity per bar at the close, from 1 before `start`; an untradable bar keeps the last trusted price.
 * Flat (all 1) when no tradable bar precedes end − 1 — the strategy cannot enter on the last bar either. With a
 * perpetual's `funding` (as in backtest), the held long pays every settlement on its notional at the last close.
 */
export function buyAndHoldEquity(
  candles: Candles,
  start: number,
  end: number,
  costs: BacktestCosts,
  mask?: Uint8Array,
  funding?: Float64Array,
): Float64Array {
  const { entry, exit } = costFactors(costs);
  const equity = new Float64Array(end - start).fill(1);
  let k = start;
  while (k < end - 1 && !tradableBar(candles, k, mask)) k++;
  if (k >= end - 1) return equity;
  const units = 1 / (candles.close[k] * entry);
  let mark = candles.close[k];
  let carry = 0;
  for (let i = k; i < end; i++) {
    if (funding && i > k) {
      if (!isFinite(funding[i])) throw new RangeError(`funding is unknown at bar ${i} (${new Date(candles.timestamps[i]).toISOString()})`);
      carry += funding[i] * units * mark;
    }
    if (tradableBar(candles, i, mask)) mark = candles.close[i];
    equity[i - start] = units * mark - carry;
  }
  equity[end - 1 - start] = units * mark * exit - carry;
  return equity;
}
