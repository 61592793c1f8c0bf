import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { allocateCandles, Candles } from '@ares/market-data';
import { FileMarketDataSource } from '@ares/market-data';
import { isTimeframe, TIMEFRAMES, timeframeToMs } from '@ares/market-data';

/** The project's own vendored Binance spot candles (2023, BTC/USDT and ETH/USDT at 5m, 15m, 1h). */
export const DEFAULT_SAMPLE_DIR = resolve(__dirname, '../../../data/market/binance-spot-2023');

export interface SampleMarket {
  /** Binance's id, e.g. 'BTCUSDT'. */
  id: string;
  base: string;
  quote: string;
  /** Timeframes that exist as files. */
  fileTimeframes: string[];
}

const FILE_NAME = /^([A-Z0-9]+)_([A-Z0-9]+)-(\w+)\.(feather|csv)$/;
const ALL_TIME = { fromMs: 0, toMs: 8.64e15 };

// Module-level so every fake server in one test process parses each file once.
const parsed = new Map<string, Promise<Candles>>();

/** Candles per Binance symbol id and interval: from the files, or aggregated from a finer file (e.g. 4h from 1h). */
export class SampleCandleBook {
  private readonly source: FileMarketDataSource;
  private readonly derived = new Map<string, Promise<Candles | undefined>>();

  private constructor(
    private readonly directory: string,
    private readonly byId: Map<string, SampleMarket>,
  ) {
    this.source = new FileMarketDataSource({ directory });
  }

  static async open(directory = DEFAULT_SAMPLE_DIR): Promise<SampleCandleBook> {
    const byId = new Map<string, SampleMarket>();
    for (const name of (await readdir(directory)).sort()) {
      const m = FILE_NAME.exec(name);
      if (!m || !isTimeframe(m[3])) continue;
      const id = m[1] + m[2];
      const market = byId.get(id) ?? { id, base: m[1], quote: m[2], fileTimeframes: [] };
      if (!market.fileTimeframes.includes(m[3])) market.fileTimeframes.push(m[3]);
      byId.set(id, market);
    }
    if (byId.size === 0) throw new Error(`No sample candle files (BASE_QUOTE-<tf>.feather|csv) in ${directory}`);
    return new SampleCandleBook(directory, byId);
  }

  markets(): SampleMarket[] {
    return [...this.byId.values()];
  }

  market(id: string): SampleMarket | undefined {
    return this.byId.get(id);
  }

  /** Intervals this book can answer for a market: its files plus coarser multiples of them. */
  intervals(id: string): string[] {
    const market = this.byId.get(id);
    if (!market) return [];
    return TIMEFRAMES.filter((tf) => tf !== '1w' && this.finestDivisor(market, tf) !== undefined);
  }

  /** Candles of `id` at `interval`, or undefined when the sample data cannot answer that interval. */
  candles(id: string, interval: string): Promise<Candles | undefined> {
    const market = this.byId.get(id);
    if (!market || !isTimeframe(interval) || interval === '1w') return Promise.resolve(undefined);
    const key = `${id}-${interval}`;
    let result = this.derived.get(key);
    if (!result) {
      const base = this.finestDivisor(market, interval);
      result =
        base === undefined
          ? Promise.resolve(undefined)
          : this.load(market, base).then((c) => (base === interval ? c : resample(c, timeframeToMs(interval))));
      this.derived.set(key, result);
    }
    return result;
  }

  private load(market: SampleMarket, timeframe: string): Promise<Candles> {
    const key = `${this.directory}|${market.id}|${timeframe}`;
    let result = parsed.get(key);
    if (!result) {
      result = this.source.fetchCandles({ exchange: 'binance', symbol: `${market.base}/${market.quote}`, timeframe, ...ALL_TIME });
      parsed.set(key, result);
    }
    return result;
  }

  /** The coarsest file timeframe that divides `interval` (fewest rows to aggregate). */
  private finestDivisor(market: SampleMarket, interval: string): string | undefined {
    const target = timeframeToMs(interval);
    return market.fileTimeframes.filter((tf) => target % timeframeToMs(tf) === 0).sort((a, b) => timeframeToMs(b) - timeframeToMs(a))[0];
  }
}

/** OHLCV aggregation into UTC-aligned bars of `barMs` (input sorted by time). */
export function resample(candles: Candles, barMs: number): Candles {
  const groups: number[] = [];
  for (let i = 0; i < candles.length; i++) {
    const open = candles.timestamps[i] - (candles.timestamps[i] % barMs);
    if (groups.length === 0 || groups[groups.length - 1] !== open) groups.push(open);
  }
  const out = allocateCandles(groups.length);
  let g = -1;
  for (let i = 0; i < candles.length; i++) {
    const open = candles.timestamps[i] - (candles.timestamps[i] % barMs);
    if (g < 0 || out.timestamps[g] !== open) {
      g++;
      out.timestamps[g] = open;
      out.open[g] = candles.open[i];
      out.high[g] = candles.high[i];
      out.low[g] = candles.low[i];
      out.volume[g] = 0;
    }
    out.high[g] = Math.max(out.high[g], candles.high[i]);
    out.low[g] = Math.min(out.low[g], candles.low[i]);
    out.close[g] = candles.close[i];
    out.volume[g] += candles.volume[i];
  }
  // Summing decimals in floating point leaves 1e-12 dust; Binance volumes have 8 places.
  for (let j = 0; j < out.length; j++) out.volume[j] = Math.round(out.volume[j] * 1e8) / 1e8;
  return out;
}
