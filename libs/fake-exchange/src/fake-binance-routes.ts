import { lowerBound } from '@ares/market-data';
import { timeframeToMs } from '@ares/market-data';
import { binanceErrors, BinanceQuery, binancePage, decimal8 } from './binance-format';
import { coinmExchangeInfo, optionsExchangeInfo, spotExchangeInfo, usdmExchangeInfo } from './binance-exchange-info';
import { SampleCandleBook } from './sample-candles';
import { hashSeed } from './seeded-random';
import { AggTrade, SyntheticAggTradeBook } from './synthetic-agg-trades';
import { FundingStretch, SyntheticFundingBook } from './synthetic-funding';
import { OPEN_INTEREST_PERIODS, SyntheticOpenInterest } from './synthetic-open-interest';

export type RouteHandler = (query: BinanceQuery) => Promise<unknown>;

export interface FakeBinanceRouteOptions {
  seed: number;
  /** Bars the synthetic aggregate trades are cut from ('5m' or '1h' with the default sample data). */
  tradesTimeframe: string;
  fundingSchedule: readonly FundingStretch[];
}

const HOUR = 3_600_000;

/** The endpoints the fake answers, by path, computed from the sample candles (spot data also stands in for USDT-M). */
export function fakeBinanceRoutes(book: SampleCandleBook, options: FakeBinanceRouteOptions): Map<string, RouteHandler> {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as Promise<T>;
  };

  const symbolOf = (q: BinanceQuery): string => {
    const id = q.required('symbol');
    if (!book.market(id)) throw binanceErrors.invalidSymbol();
    return id;
  };
  const hourly = async (id: string) => (await book.candles(id, '1h'))!;

  const klines: RouteHandler = async (q) => {
    const id = symbolOf(q);
    const interval = q.required('interval');
    const candles = await book.candles(id, interval);
    if (!candles) throw binanceErrors.invalidInterval();
    const limit = q.limit(500, 1000);
    const [from, to] = binancePage(candles.length, (t) => lowerBound(candles.timestamps, t), q.window(), limit);
    const barMs = timeframeToMs(interval);
    const rows: unknown[] = [];
    for (let i = from; i < to; i++) {
      const t = candles.timestamps[i];
      const [o, h, l, c, v] = [candles.open[i], candles.high[i], candles.low[i], candles.close[i], candles.volume[i]];
      // Quote volume, trade count and taker-buy split are plausible stand-ins; OHLCV are the real sample values.
      const quote = Math.round(v * ((o + h + l + c) / 4) * 1e4) / 1e4;
      const trades = v > 0 ? 1000 + (hashSeed('kline-trades', id, t) % 4000) : 0;
      rows.push([
        t,
        decimal8(o),
        decimal8(h),
        decimal8(l),
        decimal8(c),
        decimal8(v),
        t + barMs - 1,
        decimal8(quote),
        trades,
        decimal8(Math.round(v * 5e7) / 1e8),
        decimal8(Math.round(quote * 5e3) / 1e4),
        '0',
      ]);
    }
    return rows;
  };

  const aggTrades =
    (futures: boolean): RouteHandler =>
    async (q) => {
      const rows = await spotAggTrades(q);
      // USDT-M answers the same rows without the spot-only "M" (best price match) flag.
      return futures ? rows.map(({ M: _M, ...rest }) => rest) : rows;
    };

  const spotAggTrades = async (q: BinanceQuery): Promise<AggTrade[]> => {
    const id = symbolOf(q);
    const limit = q.limit(500, 1000);
    const fromId = q.integer('fromId');
    const { startTime, endTime } = q.window();
    const trades = await once(`trades|${id}`, async () => {
      const candles = await book.candles(id, options.tradesTimeframe);
      if (!candles) throw new Error(`sample data has no ${options.tradesTimeframe} candles for ${id} to cut trades from`);
      return new SyntheticAggTradeBook(id, candles, timeframeToMs(options.tradesTimeframe), options.seed);
    });
    if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw binanceErrors.badCombination();
    if (fromId !== undefined) return trades.fromId(fromId, limit);
    if (startTime === undefined && endTime === undefined) return trades.latest(limit);
    // Binance serves at most one hour per time-window request.
    const start = startTime ?? endTime! - HOUR;
    const end = endTime ?? startTime! + HOUR;
    if (end - start > HOUR) throw binanceErrors.windowTooLong();
    return trades.window(start, end, limit);
  };

  const fundingRate: RouteHandler = async (q) => {
    const id = symbolOf(q);
    const limit = q.limit(100, 1000);
    const funding = await once(`funding|${id}`, async () => new SyntheticFundingBook(id, await hourly(id), options.fundingSchedule, options.seed));
    const [from, to] = binancePage(funding.times.length, (t) => lowerBound(funding.times, t), q.window(), limit);
    return Array.from({ length: to - from }, (_, k) => funding.row(from + k));
  };

  const openInterestHist: RouteHandler = async (q) => {
    const id = symbolOf(q);
    const period = q.required('period');
    if (!(OPEN_INTEREST_PERIODS as readonly string[]).includes(period)) throw binanceErrors.badParameter('period');
    const limit = q.limit(30, 500);
    const oi = await once(`oi|${id}|${period}`, async () => new SyntheticOpenInterest(id, await hourly(id), timeframeToMs(period), options.seed));
    const [from, to] = binancePage(oi.count, (t) => oi.firstAtOrAfter(t), q.window(), limit);
    return Array.from({ length: to - from }, (_, k) => oi.row(from + k));
  };

  const now = async () => ({ serverTime: Date.now() });
  const ping = async () => ({});
  return new Map<string, RouteHandler>([
    ['/api/v3/ping', ping],
    ['/api/v3/time', now],
    ['/api/v3/exchangeInfo', async () => spotExchangeInfo(book.markets(), Date.now())],
    ['/api/v3/klines', klines],
    ['/api/v3/aggTrades', aggTrades(false)],
    ['/fapi/v1/ping', ping],
    ['/fapi/v1/time', now],
    ['/fapi/v1/exchangeInfo', async () => usdmExchangeInfo(book.markets(), Date.now())],
    ['/fapi/v1/klines', klines],
    ['/fapi/v1/aggTrades', aggTrades(true)],
    ['/fapi/v1/fundingRate', fundingRate],
    ['/futures/data/openInterestHist', openInterestHist],
    ['/dapi/v1/exchangeInfo', async () => coinmExchangeInfo(Date.now())],
    ['/eapi/v1/exchangeInfo', async () => optionsExchangeInfo(Date.now())],
  ]);
}
