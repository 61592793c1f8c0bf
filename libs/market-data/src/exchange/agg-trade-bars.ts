import type { SeriesChunk } from '../market-series';

/** Open time of the bar of `barMs` that contains `timeMs` (UTC-aligned; weeks start on Monday as on exchanges). */
export function barOpenTime(timeMs: number, barMs: number): number {
  const WEEK = 604_800_000;
  const offset = barMs % WEEK === 0 ? 4 * 86_400_000 : 0; // 1970-01-01 was a Thursday
  return timeMs - ((((timeMs - offset) % barMs) + barMs) % barMs);
}

export interface TakerTrade {
  timestamp: number;
  /** Base-asset quantity. */
  amount: number;
  /** Taker side: 'buy' when the buyer took liquidity (Binance: isBuyerMaker false). */
  side: 'buy' | 'sell';
}

/**
 * Folds trades into per-bar taker buy / sell volume and trade count. Quantities are summed in 1e-8 units so the
 * totals do not depend on summation order (exchange quantities have at most 8 decimals). Only bars that traded appear.
 */
export class AggTradeBars {
  private readonly bars = new Map<number, { buy: number; sell: number; trades: number }>();

  constructor(private readonly barMs: number) {}

  add(trade: TakerTrade): void {
    const open = barOpenTime(trade.timestamp, this.barMs);
    let bar = this.bars.get(open);
    if (!bar) {
      bar = { buy: 0, sell: 0, trades: 0 };
      this.bars.set(open, bar);
    }
    const units = Math.round(trade.amount * 1e8);
    if (trade.side === 'buy') bar.buy += units;
    else bar.sell += units;
    bar.trades++;
  }

  toChunk(): SeriesChunk {
    const opens = [...this.bars.keys()].sort((a, b) => a - b);
    const chunk: SeriesChunk = {
      timestamps: Float64Array.from(opens),
      columns: { buyVolume: new Float64Array(opens.length), sellVolume: new Float64Array(opens.length), trades: new Float64Array(opens.length) },
    };
    opens.forEach((open, i) => {
      const bar = this.bars.get(open)!;
      chunk.columns.buyVolume[i] = bar.buy / 1e8;
      chunk.columns.sellVolume[i] = bar.sell / 1e8;
      chunk.columns.trades[i] = bar.trades;
    });
    return chunk;
  }
}
