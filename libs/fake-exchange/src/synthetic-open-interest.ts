import { lowerBound } from '@ares/market-data';
import { Candles } from '@ares/market-data';
import { decimal8 } from './binance-format';
import { hashSeed, seededRandom } from './seeded-random';

/** Periods `/futures/data/openInterestHist` accepts. */
export const OPEN_INTEREST_PERIODS = ['5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d'] as const;

/** One row of `/futures/data/openInterestHist`. */
export interface OpenInterestRow {
  symbol: string;
  sumOpenInterest: string;
  sumOpenInterestValue: string;
  timestamp: number;
}

const NINE_DAYS = 9 * 86_400_000;

/**
 * Seeded open interest on a UTC-aligned grid of `periodMs` across the hourly sample candles' span:
 * a slow wave plus noise, valued at the last hourly close at or before each point.
 * Unlike spot candles it has no outage gaps: the futures venue kept counting.
 */
export class SyntheticOpenInterest {
  readonly firstMs: number;
  readonly count: number;
  private readonly base: number;

  constructor(
    private readonly symbolId: string,
    private readonly hourly: Candles,
    readonly periodMs: number,
    private readonly seed: number,
  ) {
    const ts = hourly.timestamps;
    this.firstMs = hourly.length ? Math.ceil(ts[0] / periodMs) * periodMs : 0;
    this.count = hourly.length ? Math.max(0, Math.floor((ts[hourly.length - 1] - this.firstMs) / periodMs) + 1) : 0;
    this.base = 50_000 * (1 + (hashSeed('oi-base', symbolId) % 20));
  }

  /** Index of the first grid point at or after `timeMs`. */
  firstAtOrAfter(timeMs: number): number {
    return Math.min(this.count, Math.max(0, Math.ceil((timeMs - this.firstMs) / this.periodMs)));
  }

  row(i: number): OpenInterestRow {
    const t = this.firstMs + i * this.periodMs;
    const noise = seededRandom(hashSeed('oi', this.symbolId, t, this.seed))() - 0.5;
    const amount = Math.round(this.base * (1 + 0.15 * Math.sin((2 * Math.PI * t) / NINE_DAYS) + 0.03 * noise) * 1000) / 1000;
    const hour = Math.max(0, lowerBound(this.hourly.timestamps, t + 1) - 1);
    const value = Math.round(amount * this.hourly.close[hour] * 100) / 100;
    return { symbol: this.symbolId, sumOpenInterest: decimal8(amount), sumOpenInterestValue: decimal8(value), timestamp: t };
  }
}
