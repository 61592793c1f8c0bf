import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Candles } from '@ares/market-data';
import { seededRandom } from '@ares/random';

/**
 * A seeded synthetic market for the feature benchmark: a mean-reverting log random walk of OHLCV bars with a few
 * gaps (one leaves a run shorter than any warm-up), taker buy/sell split, trade counts, open interest and funding
 * events every 8 h (some stamped a few ms late, like Binance's). Written once as raw little-endian float64 columns
 * plus a JSON header, so the TypeScript and the pandas side read the very same numbers.
 */
export const BAR_COLUMNS = ['timestamps', 'open', 'high', 'low', 'close', 'volume', 'buyVolume', 'sellVolume', 'trades', 'openInterest'] as const;
export type BarColumn = (typeof BAR_COLUMNS)[number];

export interface SyntheticMarket {
  timeframeMs: number;
  bars: Record<BarColumn, Float64Array>;
  fundingTimes: Float64Array;
  fundingRates: Float64Array;
}

export interface MarketHeader {
  rows: number;
  timeframeMs: number;
  columns: readonly string[];
  fundingEvents: number;
}

export function syntheticMarket(rows: number, seed = 1, timeframeMs = 300_000): SyntheticMarket {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const bars = Object.fromEntries(BAR_COLUMNS.map((name) => [name, new Float64Array(rows)])) as Record<BarColumn, Float64Array>;
  const anchor = Math.log(20_000);
  let logPrice = anchor;
  let logOi = Math.log(5e4);
  let time = Date.UTC(2020, 0, 1);
  for (let i = 0; i < rows; i++) {
    if (i > 0 && i % 99_991 === 0) time += timeframeMs * (1 + Math.floor(random() * 5)); // a gap
    if (i === 500_000 || i === 500_020) time += timeframeMs * 3; // two more gaps around a 20-bar run
    bars.timestamps[i] = time;
    time += timeframeMs;
    const open = Math.exp(logPrice);
    logPrice += 0.002 * normal() - 1e-5 * (logPrice - anchor);
    const close = Math.exp(logPrice);
    bars.open[i] = open;
    bars.close[i] = close;
    bars.high[i] = Math.max(open, close) * (1 + 0.001 * Math.abs(normal()));
    bars.low[i] = Math.min(open, close) * (1 - 0.001 * Math.abs(normal()));
    const volume = 10 * Math.exp(normal());
    const buyShare = Math.min(1, Math.max(0, 0.5 + 0.2 * normal()));
    bars.volume[i] = volume;
    bars.buyVolume[i] = volume * buyShare;
    bars.sellVolume[i] = volume * (1 - buyShare);
    bars.trades[i] = 1 + Math.floor(volume * 20 * random());
    logOi += 0.001 * normal();
    bars.openInterest[i] = Math.exp(logOi);
  }
  const eightHours = 8 * 3_600_000;
  const first = Math.floor(bars.timestamps[0] / eightHours) * eightHours;
  const count = rows === 0 ? 0 : Math.floor((bars.timestamps[rows - 1] + timeframeMs - first) / eightHours) + 1;
  const fundingTimes = new Float64Array(count);
  const fundingRates = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    fundingTimes[k] = first + k * eightHours + (random() < 0.3 ? Math.floor(random() * 10) : 0);
    fundingRates[k] = 0.0001 + 0.0002 * normal();
  }
  return { timeframeMs, bars, fundingTimes, fundingRates };
}

/** Writes `market.bin` (bar columns, then funding times and rates, float64 LE) and `market.json` into `dir`. */
export function writeMarket(dir: string, market: SyntheticMarket): void {
  const rows = market.bars.timestamps.length;
  const parts = [...BAR_COLUMNS.map((name) => market.bars[name]), market.fundingTimes, market.fundingRates];
  writeFileSync(join(dir, 'market.bin'), Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  const header: MarketHeader = { rows, timeframeMs: market.timeframeMs, columns: BAR_COLUMNS, fundingEvents: market.fundingTimes.length };
  writeFileSync(join(dir, 'market.json'), JSON.stringify(header));
}

/** Float64 columns of a raw little-endian file, copied into aligned arrays. */
export function readFloat64Columns(path: string, rowsPerColumn: readonly number[]): Float64Array[] {
  const bytes = readFileSync(path);
  const all = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const columns: Float64Array[] = [];
  let offset = 0;
  for (const rows of rowsPerColumn) {
    columns.push(all.subarray(offset, offset + rows));
    offset += rows;
  }
  if (offset !== all.length) throw new Error(`${path} holds ${all.length} values, expected ${offset}`);
  return columns;
}

export function readMarket(dir: string): SyntheticMarket {
  const header = JSON.parse(readFileSync(join(dir, 'market.json'), 'utf8')) as MarketHeader;
  const columns = readFloat64Columns(join(dir, 'market.bin'), [...BAR_COLUMNS.map(() => header.rows), header.fundingEvents, header.fundingEvents]);
  const bars = Object.fromEntries(BAR_COLUMNS.map((name, k) => [name, columns[k]])) as Record<BarColumn, Float64Array>;
  return { timeframeMs: header.timeframeMs, bars, fundingTimes: columns[BAR_COLUMNS.length], fundingRates: columns[BAR_COLUMNS.length + 1] };
}

export function marketCandles(market: SyntheticMarket): Candles {
  const { timestamps, open, high, low, close, volume } = market.bars;
  return { timestamps, open, high, low, close, volume, length: timestamps.length };
}
