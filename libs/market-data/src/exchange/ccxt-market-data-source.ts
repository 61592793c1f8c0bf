import type { Exchange, FundingRateHistory, MarketInterface, OHLCV, OpenInterest, Trade } from 'ccxt';
import type { Logger } from '@ares/logging';
import { allocateCandles, Candles, isoTime } from '../candles';
import { MarketDataError } from '../market-data-error';
import { CandleRequest, FundingEvents, FundingSource, MarketDataSource } from '../market-data-source';
import { MarketType, perpetualOf, SeriesChunk, SeriesFetcher, SeriesKey } from '../market-series';
import { parseTimeframe, timeframeToMs } from '../timeframe';
import { abortable } from './abortable';
import { AggTradeBars } from './agg-trade-bars';
import { CcxtExchangeOptions, createCcxtExchange, lastRetryAfterMs } from './ccxt-exchange';
import { RetryOptions, withRetries } from './retry';
import { paginateByTime } from './time-pagination';

/** One ccxt call about to be made (each retry attempt is reported again). */
export interface ExchangeCall {
  operation: string;
  attempt: number;
  params: Record<string, unknown>;
}

/** Rows asked for per request; defaults are the exchange maxima on Binance. */
export interface PageLimits {
  ohlcv: number;
  trades: number;
  funding: number;
  openInterest: number;
}

export interface CcxtMarketDataSourceOptions extends Omit<CcxtExchangeOptions, 'logger'> {
  retry?: Pick<RetryOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random' | 'sleep'>;
  pageLimits?: Partial<PageLimits>;
  logger?: Logger;
  /** Progress within one fetch, fraction in [0, 1]. */
  onProgress?: (fraction: number, message: string) => void;
  onRequest?: (call: ExchangeCall) => void;
}

const DEFAULT_LIMITS: PageLimits = { ohlcv: 1000, trades: 1000, funding: 1000, openInterest: 500 };
const HOUR = 3_600_000;

/**
 * Market data from an exchange through ccxt: candles (MarketDataSource) and the four series kinds (SeriesFetcher),
 * paginated over the whole [fromMs, toMs), each request retried on transient failures.
 */
export class CcxtMarketDataSource implements MarketDataSource, FundingSource, SeriesFetcher {
  readonly kind = 'exchange';
  readonly exchangeId: string;
  readonly exchange: Exchange;
  private readonly limits: PageLimits;
  private marketsLoaded?: Promise<void>;

  constructor(private readonly options: CcxtMarketDataSourceOptions = {}) {
    this.exchangeId = options.exchangeId ?? 'binance';
    // Market data needs spot + USDT-M markets only; skipping coin-M saves a request, and skipping currencies
    // keeps a configured API key from triggering binance's signed /sapi currency call.
    const defaults = this.exchangeId === 'binance' ? { fetchMarkets: { types: ['spot', 'linear'] }, fetchCurrencies: false } : {};
    this.exchange = createCcxtExchange({ ...options, exchangeId: this.exchangeId, ccxtOptions: { ...defaults, ...options.ccxtOptions } });
    this.limits = { ...DEFAULT_LIMITS, ...options.pageLimits };
  }

  async fetchCandles(request: CandleRequest, signal?: AbortSignal): Promise<Candles> {
    signal?.throwIfAborted();
    this.validate(request.exchange, request.timeframe, request.fromMs, request.toMs);
    const marketType: MarketType = request.market === 'perpetual' || request.symbol.includes(':') ? 'usdm' : 'spot';
    const chunk = await this.fetchOhlcv(request.symbol, marketType, request.timeframe, request.fromMs, request.toMs, signal);
    const candles = allocateCandles(chunk.timestamps.length);
    candles.timestamps.set(chunk.timestamps);
    for (const c of ['open', 'high', 'low', 'close', 'volume'] as const) candles[c].set(chunk.columns[c]);
    return candles;
  }

  /** The perpetual's funding events in [fromMs, toMs) (a spot symbol means its USDT-M perpetual). */
  async fetchFunding(request: CandleRequest, signal?: AbortSignal): Promise<FundingEvents> {
    signal?.throwIfAborted();
    this.validate(request.exchange, request.timeframe, request.fromMs, request.toMs);
    const chunk = await this.fetchFundingSeries(request.symbol, 'usdm', request.fromMs, request.toMs, signal);
    return { timestamps: chunk.timestamps, rates: chunk.columns.fundingRate };
  }

  /**
   * `exchange|<id>|<symbol>|<timeframe>|<fromMs>|<toMs>` (`|perpetual` after it for a perpetual request): past exchange
   * data does not change; the store hashes content.
   */
  async fingerprint(request: CandleRequest): Promise<string> {
    const parts = ['exchange', request.exchange, request.symbol, request.timeframe, request.fromMs, request.toMs];
    return (request.market === 'perpetual' ? [...parts, 'perpetual'] : parts).join('|');
  }

  async fetchSeries(key: SeriesKey, fromMs: number, toMs: number, signal?: AbortSignal): Promise<SeriesChunk> {
    signal?.throwIfAborted();
    this.validate(key.exchange, key.kind === 'funding' ? undefined : key.timeframe, fromMs, toMs);
    switch (key.kind) {
      case 'ohlcv':
        return this.fetchOhlcv(key.symbol, key.marketType, key.timeframe, fromMs, toMs, signal);
      case 'agg-trades':
        return this.fetchAggTrades(key.symbol, key.marketType, key.timeframe, fromMs, toMs, signal);
      case 'funding':
        return this.fetchFundingSeries(key.symbol, key.marketType, fromMs, toMs, signal);
      case 'open-interest':
        return this.fetchOpenInterest(key.symbol, key.marketType, key.timeframe, fromMs, toMs, signal);
      default:
        throw new MarketDataError('invalid-request', `Unknown series kind ${JSON.stringify((key as SeriesKey).kind)}`);
    }
  }

  private async fetchOhlcv(
    symbol: string,
    type: MarketType,
    timeframe: string,
    fromMs: number,
    toMs: number,
    signal?: AbortSignal,
  ): Promise<SeriesChunk> {
    const market = await this.market(symbol, type, signal);
    const limit = this.limits.ohlcv;
    const rows = await paginateByTime<OHLCV>({
      fromMs,
      toMs,
      limit,
      emptyStepMs: limit * timeframeToMs(timeframe),
      nextAfterMs: timeframeToMs(timeframe),
      timeOf: (row) => Number(row[0]),
      fetchPage: (since, lim) =>
        this.call(
          'fetchOHLCV',
          { symbol: market.symbol, timeframe, since, limit: lim },
          () => this.exchange.fetchOHLCV(market.symbol, timeframe, since, lim, { until: toMs - 1 }),
          signal,
        ),
      signal,
      onPage: (fraction, since) => this.progress(fraction, `${market.symbol} ${timeframe} candles up to ${isoTime(since)}`),
    });
    return toChunk(rows, (r) => Number(r[0]), {
      open: (r) => num(r[1]),
      high: (r) => num(r[2]),
      low: (r) => num(r[3]),
      close: (r) => num(r[4]),
      volume: (r) => num(r[5]),
    });
  }

  /**
   * Aggregate trades in time windows of ≤ 1 h (Binance's limit for a startTime/endTime query). A full page continues
   * from its newest trade time (inclusive; trade ids de-duplicate the overlap), so busy windows lose nothing.
   */
  private async fetchAggTrades(
    symbol: string,
    type: MarketType,
    timeframe: string,
    fromMs: number,
    toMs: number,
    signal?: AbortSignal,
  ): Promise<SeriesChunk> {
    const market = await this.market(symbol, type, signal);
    const bars = new AggTradeBars(timeframeToMs(timeframe));
    const limit = this.limits.trades;
    for (let windowStart = fromMs; windowStart < toMs; windowStart = Math.min(windowStart + HOUR, toMs)) {
      const windowEnd = Math.min(windowStart + HOUR, toMs);
      const seen = new Set<string>();
      let cursor = windowStart;
      for (;;) {
        signal?.throwIfAborted();
        const page = await this.call(
          'fetchTrades',
          { symbol: market.symbol, since: cursor, until: windowEnd - 1, limit },
          () => this.exchange.fetchTrades(market.symbol, cursor, limit, { until: windowEnd - 1 }),
          signal,
        );
        let added = 0;
        let newest = cursor;
        for (const trade of page) {
          const t = Number(trade.timestamp);
          const id = trade.id ?? `${t}|${trade.price}|${trade.amount}`;
          newest = Math.max(newest, t);
          if (t < cursor || t >= windowEnd || seen.has(id)) continue;
          seen.add(id);
          bars.add({ timestamp: t, amount: num(trade.amount), side: takerSide(trade, this.exchangeId) });
          added++;
        }
        if (page.length < limit) break;
        // A full page of one millisecond's trades cannot move the cursor: step past that millisecond.
        cursor = added === 0 ? newest + 1 : newest;
      }
      this.progress((windowEnd - fromMs) / Math.max(1, toMs - fromMs), `${market.symbol} trades up to ${isoTime(windowEnd)}`);
    }
    return bars.toChunk();
  }

  private async fetchFundingSeries(symbol: string, type: MarketType, fromMs: number, toMs: number, signal?: AbortSignal): Promise<SeriesChunk> {
    const market = await this.market(symbol, this.requireUsdm(type, 'funding'), signal);
    const limit = this.limits.funding;
    const rows = await paginateByTime<FundingRateHistory>({
      fromMs,
      toMs,
      limit,
      // Funding is at most hourly, so a page of `limit` events spans at least `limit` hours.
      emptyStepMs: limit * HOUR,
      timeOf: (row) => Number(row.timestamp),
      fetchPage: (since, lim) =>
        this.call(
          'fetchFundingRateHistory',
          { symbol: market.symbol, since, limit: lim },
          () => this.exchange.fetchFundingRateHistory(market.symbol, since, lim, { until: toMs - 1 }),
          signal,
        ),
      signal,
      onPage: (fraction, since) => this.progress(fraction, `${market.symbol} funding up to ${isoTime(since)}`),
    });
    return toChunk(rows, (r) => Number(r.timestamp), { fundingRate: (r) => num(r.fundingRate) });
  }

  private async fetchOpenInterest(
    symbol: string,
    type: MarketType,
    timeframe: string,
    fromMs: number,
    toMs: number,
    signal?: AbortSignal,
  ): Promise<SeriesChunk> {
    const market = await this.market(symbol, this.requireUsdm(type, 'open-interest'), signal);
    const limit = this.limits.openInterest;
    const periodMs = timeframeToMs(timeframe);
    const rows = await paginateByTime<OpenInterest>({
      fromMs,
      toMs,
      limit,
      emptyStepMs: limit * periodMs,
      nextAfterMs: periodMs,
      timeOf: (row) => Number(row.timestamp),
      // Each window holds exactly `limit` periods, so it does not matter whether the exchange pages from the start or the end.
      fetchPage: (since, lim) => {
        const until = Math.min(since + lim * periodMs, toMs) - 1;
        return this.call(
          'fetchOpenInterestHistory',
          { symbol: market.symbol, timeframe, since, until, limit: lim },
          () => this.exchange.fetchOpenInterestHistory(market.symbol, timeframe, since, lim, { until }),
          signal,
        );
      },
      signal,
      onPage: (fraction, since) => this.progress(fraction, `${market.symbol} open interest up to ${isoTime(since)}`),
    });
    return toChunk(rows, (r) => Number(r.timestamp), {
      openInterest: (r) => num(r.openInterestAmount ?? r.baseVolume),
      openInterestValue: (r) => num(r.openInterestValue ?? r.quoteVolume),
    });
  }

  /** The ccxt market for a unified symbol; a USDT-M request for 'BTC/USDT' means the perpetual 'BTC/USDT:USDT'. */
  private async market(symbol: string, type: MarketType, signal?: AbortSignal): Promise<MarketInterface> {
    await this.loadMarkets(signal);
    const unified = type === 'usdm' ? perpetualOf(symbol) : symbol;
    const market = this.exchange.markets?.[unified] as MarketInterface | undefined;
    const where = type === 'usdm' ? ` (USDT-M perpetual ${unified})` : '';
    if (!market) throw new MarketDataError('invalid-request', `${symbol} is not a market on ${this.exchangeId}${where}`);
    const fits = type === 'spot' ? market.spot : market.swap && market.linear;
    if (!fits)
      throw new MarketDataError(
        'invalid-request',
        `${unified} on ${this.exchangeId} is a ${market.type} market, not ${type === 'spot' ? 'spot' : 'a USDT-M perpetual'}`,
      );
    return market;
  }

  /** Loads markets once (shared by concurrent fetches); a failure is forgotten so the next fetch tries again. */
  private loadMarkets(signal?: AbortSignal): Promise<void> {
    // reload=true on every attempt: ccxt caches a failed loadMarkets promise and would hand back the same rejection.
    this.marketsLoaded ??= this.call('loadMarkets', {}, () => this.exchange.loadMarkets(true).then(() => undefined)).catch((error: unknown) => {
      this.marketsLoaded = undefined;
      throw error;
    });
    return abortable(this.marketsLoaded, signal);
  }

  private call<T>(operation: string, params: Record<string, unknown>, run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetries(
      async (attempt) => {
        this.options.onRequest?.({ operation, attempt, params });
        // Cleared so that a Retry-After read after this attempt fails belongs to this attempt's response.
        this.exchange.last_response_headers = undefined;
        return abortable(run(), signal);
      },
      {
        ...this.options.retry,
        signal,
        logger: this.options.logger,
        retryAfterMs: () => lastRetryAfterMs(this.exchange),
        description: `${this.exchangeId} ${operation}`,
      },
    );
  }

  private requireUsdm(type: MarketType, kind: string): MarketType {
    if (type !== 'usdm') throw new MarketDataError('invalid-request', `${kind} exists only for USDT-M (usdm) perpetual markets, not ${type}`);
    return type;
  }

  private validate(exchange: string, timeframe: string | undefined, fromMs: number, toMs: number): void {
    const bad = (message: string) => new MarketDataError('invalid-request', message);
    if (exchange !== this.exchangeId) throw bad(`This source serves exchange "${this.exchangeId}", not "${exchange}"`);
    if (timeframe !== undefined) {
      try {
        parseTimeframe(timeframe);
      } catch (err) {
        throw bad((err as Error).message);
      }
      const supported = this.exchange.timeframes;
      if (supported && !(timeframe in supported))
        throw bad(`${this.exchangeId} has no "${timeframe}" timeframe (it has ${Object.keys(supported).join(', ')})`);
    }
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
      throw bad(`Time range [${fromMs}, ${toMs}) is not a finite range with fromMs <= toMs`);
    }
  }

  private progress(fraction: number, message: string): void {
    this.options.onProgress?.(Math.min(1, Math.max(0, fraction)), message);
  }
}

function num(value: unknown): number {
  return value === undefined || value === null ? NaN : Number(value);
}

function takerSide(trade: Trade, exchangeId: string): 'buy' | 'sell' {
  if (trade.side === 'buy' || trade.side === 'sell') return trade.side;
  throw new MarketDataError('invalid-request', `${exchangeId} trade ${trade.id} carries no taker side; agg-trades need it`);
}

function toChunk<Row>(rows: Row[], timeOf: (row: Row) => number, columns: Record<string, (row: Row) => number>): SeriesChunk {
  const chunk: SeriesChunk = { timestamps: Float64Array.from(rows, timeOf), columns: {} };
  for (const [name, read] of Object.entries(columns)) chunk.columns[name] = Float64Array.from(rows, read);
  return chunk;
}
