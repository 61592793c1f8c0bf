import { ExtraSeries } from '@ares/contracts';
import {
  allocateCandles,
  CandleRequest,
  Candles,
  FundingEvents,
  FundingSource,
  MarketDataSource,
  perpetualOf,
  SeriesChunk,
  SeriesFetcher,
  SeriesKey,
  timeframeToMs,
} from '@ares/market-data';
import { MarketDataStore } from '@ares/market-store';
import { alignAsOf } from '@ares/ml';

/** Binance's open-interest history periods. */
const OPEN_INTEREST_PERIODS = new Set(['5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d']);
/** Funding is fetched from a little before the range, so the first bar already knows the rate in force. */
export const FUNDING_LOOKBACK_MS = 24 * 3_600_000;

/**
 * Exchange data through the local incremental store: each series is synced (only what the store lacks is
 * requested from the exchange) and then read from the store, so a repeated range makes no exchange request.
 * `market: 'perpetual'` requests are answered from the USDT-M perpetual (`perpetualOf(symbol)`): its candles, its
 * aggregate trades, and its funding events (fetchFunding).
 */
export class StoredExchangeSource implements MarketDataSource, FundingSource {
  readonly kind = 'exchange';

  constructor(
    private readonly store: MarketDataStore,
    private readonly fetcherFor: (exchangeId: string) => SeriesFetcher,
    /** The clock; the same one the store uses to decide which bars are complete. */
    private readonly now: () => number = Date.now,
  ) {}

  async fetchCandles(request: CandleRequest, signal?: AbortSignal): Promise<Candles> {
    const chunk = await this.synced(this.tradedKey(request, 'ohlcv'), request.fromMs, request.toMs, signal);
    const candles = allocateCandles(chunk.timestamps.length);
    candles.timestamps.set(chunk.timestamps);
    for (const column of ['open', 'high', 'low', 'close', 'volume'] as const) {
      const values = chunk.columns[column];
      if (!values) throw new Error(`the stored ${request.symbol} candles have no '${column}' column`);
      candles[column].set(values);
    }
    return candles;
  }

  /** The funding events of the symbol's USDT-M perpetual in [fromMs, toMs), as the store holds them (sorted by time). */
  async fetchFunding(request: CandleRequest, signal?: AbortSignal): Promise<FundingEvents> {
    const chunk = await this.synced(this.key(request, 'usdm', perpetualOf(request.symbol), 'funding'), request.fromMs, request.toMs, signal);
    return { timestamps: chunk.timestamps, rates: requireColumn(chunk, 'fundingRate') };
  }

  /**
   * Identifies the data that answer the request. A range that ends by the last closed bar is answered in full and
   * its synced partitions do not change, so the request alone names it. A range reaching past that bar is answered
   * only up to it (the store never syncs an unfinished bar): the fingerprint names how far, so a stage output
   * cached from a truncated answer is not served once more bars have closed.
   */
  async fingerprint(request: CandleRequest): Promise<string> {
    const parts: (string | number)[] = ['exchange', request.exchange, request.symbol, request.timeframe, request.fromMs, request.toMs];
    // Perpetual candles and funding are other data than the spot pair's: another fingerprint.
    if (request.market === 'perpetual') parts.push('perpetual');
    const bar = timeframeToMs(request.timeframe);
    const closedUntil = Math.floor(this.now() / bar) * bar;
    if (request.toMs > closedUntil) parts.push(`covered-until:${closedUntil}`);
    return parts.join('|');
  }

  /**
   * The extra series, one column per input computeFeatures takes, aligned to `barTimes`. agg-trades are the traded
   * market's (the perpetual's on 'perpetual'); funding and open interest always come from the perpetual.
   */
  async fetchExtras(
    request: CandleRequest,
    series: readonly ExtraSeries[],
    barTimes: Float64Array,
    signal?: AbortSignal,
  ): Promise<Record<string, Float64Array>> {
    const barMs = timeframeToMs(request.timeframe);
    const perpetual = perpetualOf(request.symbol);
    const columns: Record<string, Float64Array> = {};
    if (series.includes('agg-trades')) {
      const trades = await this.synced(this.tradedKey(request, 'agg-trades'), request.fromMs, request.toMs, signal);
      Object.assign(columns, alignByBar(trades, barTimes, ['buyVolume', 'sellVolume', 'trades']));
    }
    if (series.includes('funding')) {
      const funding = await this.synced(this.key(request, 'usdm', perpetual, 'funding'), request.fromMs - FUNDING_LOOKBACK_MS, request.toMs, signal);
      columns.fundingRate = alignAsOf(funding.timestamps, requireColumn(funding, 'fundingRate'), barTimes, barMs);
    }
    if (series.includes('open-interest')) {
      if (!OPEN_INTEREST_PERIODS.has(request.timeframe)) {
        throw new Error(`open-interest history comes in ${[...OPEN_INTEREST_PERIODS].join(', ')} periods, not ${request.timeframe}`);
      }
      const interest = await this.synced(this.key(request, 'usdm', perpetual, 'open-interest'), request.fromMs - barMs, request.toMs, signal);
      columns.openInterest = alignAsOf(interest.timestamps, requireColumn(interest, 'openInterest'), barTimes, barMs);
    }
    return columns;
  }

  /** The series of the market the request trades: the spot pair, or its USDT-M perpetual. */
  private tradedKey(request: CandleRequest, kind: SeriesKey['kind']): SeriesKey {
    return request.market === 'perpetual'
      ? this.key(request, 'usdm', perpetualOf(request.symbol), kind)
      : this.key(request, 'spot', request.symbol, kind);
  }

  private key(request: CandleRequest, marketType: SeriesKey['marketType'], symbol: string, kind: SeriesKey['kind']): SeriesKey {
    return { exchange: request.exchange, marketType, symbol, timeframe: request.timeframe, kind };
  }

  private async synced(key: SeriesKey, fromMs: number, toMs: number, signal?: AbortSignal): Promise<SeriesChunk> {
    await this.store.sync(this.fetcherFor(key.exchange), key, fromMs, toMs, { signal });
    return this.store.read(key, fromMs, toMs);
  }
}

function requireColumn(chunk: SeriesChunk, name: string): Float64Array {
  const column = chunk.columns[name];
  if (!column) throw new Error(`the stored series has no '${name}' column (has ${Object.keys(chunk.columns).join(', ')})`);
  return column;
}

/** Per-bar series matched to bars by open time; bars without a row get NaN. */
function alignByBar(chunk: SeriesChunk, barTimes: Float64Array, names: string[]): Record<string, Float64Array> {
  const rowOf = new Map<number, number>();
  for (let i = 0; i < chunk.timestamps.length; i++) rowOf.set(chunk.timestamps[i], i);
  const out: Record<string, Float64Array> = {};
  for (const name of names) {
    const source = requireColumn(chunk, name);
    const column = new Float64Array(barTimes.length).fill(NaN);
    for (let bar = 0; bar < barTimes.length; bar++) {
      const row = rowOf.get(barTimes[bar]);
      if (row !== undefined) column[bar] = source[row];
    }
    out[name] = column;
  }
  return out;
}
