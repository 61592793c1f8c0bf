import { lowerBound } from '@ares/market-data';
import { Candles } from '@ares/market-data';
import { decimal8, unitsToDecimal8 } from './binance-format';
import { hashSeed, seededRandom } from './seeded-random';

/** One row of Binance's `/api/v3/aggTrades` answer. */
export interface AggTrade {
  /** Aggregate trade id. */
  a: number;
  p: string;
  q: string;
  /** First / last underlying trade id. */
  f: number;
  l: number;
  /** Trade time, ms UTC. */
  T: number;
  /** Was the buyer the maker? (true → the taker sold.) */
  m: boolean;
  M: boolean;
}

export interface SampleBar {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Ids start here rather than at 0 so a client that treats id 0 as "unset" would show up in tests. */
export const FIRST_AGG_TRADE_ID = 1_000_000;

/** 2..5 trades for a bar that traded, none for a zero-volume bar; depends only on symbol, bar and seed. */
export function tradeCountForBar(symbolId: string, bar: SampleBar, seed: number): number {
  return bar.volume > 0 ? 2 + (hashSeed('count', symbolId, bar.openTime, seed) % 4) : 0;
}

/**
 * The synthetic trades of one bar: times spread through the bar, quantities summing exactly (in 1e-8 units) to its volume,
 * prices walking from open to close within [low, high], and a seeded taker side leaning with the bar's direction.
 */
export function synthesiseBarTrades(symbolId: string, bar: SampleBar, barMs: number, seed: number, firstId: number): AggTrade[] {
  const n = tradeCountForBar(symbolId, bar, seed);
  if (n === 0) return [];
  const random = seededRandom(hashSeed('trades', symbolId, bar.openTime, seed));
  const totalUnits = Math.round(bar.volume * 1e8);
  const weights = Array.from({ length: n }, () => 0.25 + random());
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const sellBias = bar.close >= bar.open ? 0.4 : 0.6;
  const trades: AggTrade[] = [];
  let unitsLeft = totalUnits;
  for (let k = 0; k < n; k++) {
    const units = k === n - 1 ? unitsLeft : Math.floor((totalUnits * weights[k]) / weightSum);
    unitsLeft -= units;
    const drift = bar.open + ((bar.close - bar.open) * (k + 0.5)) / n;
    const price = Math.min(bar.high, Math.max(bar.low, Math.round(drift * 100) / 100));
    const id = firstId + k;
    trades.push({
      a: id,
      p: decimal8(price),
      q: unitsToDecimal8(units),
      f: id,
      l: id,
      T: bar.openTime + Math.floor(((k + random()) * barMs) / n),
      m: random() < sellBias,
      M: true,
    });
  }
  return trades;
}

/** All synthetic trades of one symbol, addressable by id and by time the way Binance's aggTrades endpoint is. */
export class SyntheticAggTradeBook {
  /** prefix[i] = number of trades before bar i; prefix[bars] = total. */
  private readonly prefix: Float64Array;

  constructor(
    private readonly symbolId: string,
    private readonly candles: Candles,
    private readonly barMs: number,
    private readonly seed: number,
  ) {
    this.prefix = new Float64Array(candles.length + 1);
    for (let i = 0; i < candles.length; i++) this.prefix[i + 1] = this.prefix[i] + tradeCountForBar(symbolId, this.bar(i), seed);
  }

  get total(): number {
    return this.prefix[this.candles.length];
  }

  /** Trades with id ≥ fromId, oldest first. */
  fromId(fromId: number, limit: number): AggTrade[] {
    const index = Math.max(0, fromId - FIRST_AGG_TRADE_ID);
    if (index >= this.total) return [];
    const out: AggTrade[] = [];
    for (let i = lowerBound(this.prefix, index + 1) - 1; i < this.candles.length && out.length < limit; i++) {
      for (const t of this.tradesOfBar(i)) if (t.a >= fromId && out.length < limit) out.push(t);
    }
    return out;
  }

  /** Trades with startTime ≤ T ≤ endTime, oldest first. */
  window(startTime: number, endTime: number, limit: number): AggTrade[] {
    const out: AggTrade[] = [];
    const ts = this.candles.timestamps;
    for (let i = lowerBound(ts, startTime - this.barMs + 1); i < this.candles.length && ts[i] <= endTime && out.length < limit; i++) {
      for (const t of this.tradesOfBar(i)) if (t.T >= startTime && t.T <= endTime && out.length < limit) out.push(t);
    }
    return out;
  }

  /** The most recent `limit` trades. */
  latest(limit: number): AggTrade[] {
    return this.fromId(FIRST_AGG_TRADE_ID + Math.max(0, this.total - limit), limit);
  }

  private tradesOfBar(i: number): AggTrade[] {
    return synthesiseBarTrades(this.symbolId, this.bar(i), this.barMs, this.seed, FIRST_AGG_TRADE_ID + this.prefix[i]);
  }

  private bar(i: number): SampleBar {
    const c = this.candles;
    return { openTime: c.timestamps[i], open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] };
  }
}
