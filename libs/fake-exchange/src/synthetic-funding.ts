import { lowerBound } from '@ares/market-data';
import { Candles } from '@ares/market-data';
import { decimal8 } from './binance-format';
import { hashSeed, seededRandom } from './seeded-random';

/** From `fromMs` on, funding is paid every `intervalHours` (until the next stretch starts). */
export interface FundingStretch {
  fromMs: number;
  intervalHours: number;
}

const HOUR = 3_600_000;

/**
 * Binance pays USDT-M funding every 8h, but moves volatile contracts to 4h or 1h for a while.
 * The default schedule has one such stretch (2023-03-10 → 4h, 2023-03-12 → 1h, 2023-03-13 → 8h again),
 * so clients learn that funding times are data, not a fixed grid.
 */
export const DEFAULT_FUNDING_SCHEDULE: readonly FundingStretch[] = [
  { fromMs: 0, intervalHours: 8 },
  { fromMs: Date.UTC(2023, 2, 10), intervalHours: 4 },
  { fromMs: Date.UTC(2023, 2, 12), intervalHours: 1 },
  { fromMs: Date.UTC(2023, 2, 13), intervalHours: 8 },
];

/** One row of `/fapi/v1/fundingRate`. */
export interface FundingRateRow {
  symbol: string;
  fundingTime: number;
  fundingRate: string;
  markPrice: string;
}

/** Funding times in [startMs, endMs] following `schedule` (stretch starts must be whole multiples of their interval). */
export function fundingTimes(startMs: number, endMs: number, schedule: readonly FundingStretch[]): number[] {
  const stretches = [...schedule].sort((a, b) => a.fromMs - b.fromMs);
  const stretchAt = (t: number) => stretches.filter((s) => s.fromMs <= t).pop() ?? stretches[0];
  const times: number[] = [];
  const first = stretchAt(startMs).intervalHours * HOUR;
  let t = Math.ceil(startMs / first) * first;
  while (t <= endMs) {
    times.push(t);
    let next = t + stretchAt(t).intervalHours * HOUR;
    const boundary = stretches.find((s) => s.fromMs > t);
    if (boundary && next > boundary.fromMs) next = boundary.fromMs;
    t = next;
  }
  return times;
}

/** Binance's plain schedule: every 8h, at 00:00, 08:00 and 16:00 UTC. */
export const EIGHT_HOURLY_FUNDING: readonly FundingStretch[] = [{ fromMs: 0, intervalHours: 8 }];

/** The seeded rate of one funding event (8 decimal places, mostly positive, around 0.01 %): what the fake server answers. */
export function syntheticFundingRate(symbolId: string, timeMs: number, seed: number): number {
  const r = seededRandom(hashSeed('funding', symbolId, timeMs, seed))();
  return Math.round((0.0001 + (r - 0.45) * 0.0003) * 1e8) / 1e8;
}

export interface SyntheticFundingOptions {
  /** Binance's symbol id the rates are seeded by, e.g. 'BTCUSDT' (default). */
  symbolId?: string;
  /** Default 1, like the fake server's. */
  seed?: number;
  /** Default EIGHT_HOURLY_FUNDING (00/08/16 UTC). */
  schedule?: readonly FundingStretch[];
}

/**
 * A deterministic funding series with times in [fromMs, toMs): by default every 8h at 00/08/16 UTC. Its rates are
 * the fake server's for the same symbol, seed and times, so file fixtures and `/fapi/v1/fundingRate` agree.
 */
export function syntheticFundingSeries(
  fromMs: number,
  toMs: number,
  options: SyntheticFundingOptions = {},
): { timestamps: Float64Array; rates: Float64Array } {
  const { symbolId = 'BTCUSDT', seed = 1, schedule = EIGHT_HOURLY_FUNDING } = options;
  const timestamps = Float64Array.from(fundingTimes(fromMs, toMs, schedule).filter((t) => t < toMs));
  return { timestamps, rates: timestamps.map((t) => syntheticFundingRate(symbolId, t, seed)) };
}

/** Seeded funding rates for one perpetual over the span of its hourly sample candles; mark price = that hour's close. */
export class SyntheticFundingBook {
  readonly times: Float64Array;

  constructor(
    private readonly symbolId: string,
    private readonly hourly: Candles,
    schedule: readonly FundingStretch[],
    private readonly seed: number,
  ) {
    const ts = hourly.timestamps;
    this.times = Float64Array.from(hourly.length ? fundingTimes(ts[0], ts[hourly.length - 1], schedule) : []);
  }

  row(i: number): FundingRateRow {
    const t = this.times[i];
    const rate = syntheticFundingRate(this.symbolId, t, this.seed);
    const hour = Math.max(0, lowerBound(this.hourly.timestamps, t + 1) - 1);
    return { symbol: this.symbolId, fundingTime: t, fundingRate: decimal8(rate), markPrice: decimal8(this.hourly.close[hour]) };
  }
}
