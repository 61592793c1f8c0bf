/** @jest-environment ./libs/fake-exchange/src/ccxt-test-environment.ts */
import { resolve } from 'node:path';
import { DEFAULT_FUNDING_SCHEDULE, FakeBinance, fundingTimes, startFakeBinance, synthesiseBarTrades, tradeCountForBar } from '@ares/fake-exchange';
import { FileMarketDataSource } from '../file-market-data-source';
import { SeriesKey } from '../market-series';
import { CcxtMarketDataSource, CcxtMarketDataSourceOptions } from './ccxt-market-data-source';

const DATA_DIR = resolve(__dirname, '../../../../data/market/binance-spot-2023');
const HOUR = 3_600_000;
const FIVE_MINUTES = 300_000;
const files = new FileMarketDataSource({ directory: DATA_DIR });

let server: FakeBinance;
beforeAll(async () => {
  server = await startFakeBinance({ seed: 7 });
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => server.reset());

function makeSource(options: Partial<CcxtMarketDataSourceOptions> = {}): CcxtMarketDataSource {
  return new CcxtMarketDataSource({ apiUrl: server.url, env: {}, rateLimitMs: 1, retry: { sleep: async () => undefined }, ...options });
}

function key(kind: SeriesKey['kind'], symbol: string, timeframe: string, marketType: SeriesKey['marketType'] = 'usdm'): SeriesKey {
  return { exchange: 'binance', marketType, symbol, timeframe, kind };
}

/** Per 5m bar, what the fake server synthesised: taker buy/sell volume in 1e-8 units and the trade count. */
async function synthesisedBars(fromMs: number, toMs: number) {
  const candles = await files.fetchCandles({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '5m', fromMs, toMs });
  const bars: Array<{ openTime: number; buy: number; sell: number; trades: number; volume: number }> = [];
  for (let i = 0; i < candles.length; i++) {
    const bar = {
      openTime: candles.timestamps[i],
      open: candles.open[i],
      high: candles.high[i],
      low: candles.low[i],
      close: candles.close[i],
      volume: candles.volume[i],
    };
    const trades = synthesiseBarTrades('BTCUSDT', bar, FIVE_MINUTES, 7, 0);
    expect(trades).toHaveLength(tradeCountForBar('BTCUSDT', bar, 7));
    const units = (side: boolean) => trades.filter((t) => t.m === side).reduce((s, t) => s + Math.round(Number(t.q) * 1e8), 0);
    if (trades.length) bars.push({ openTime: bar.openTime, buy: units(false), sell: units(true), trades: trades.length, volume: bar.volume });
  }
  return bars;
}

describe('CcxtMarketDataSource: series', () => {
  // 2023-03-24 10:00–16:00 UTC holds the Binance outage: no trades in the missing 5m bars.
  const from = Date.UTC(2023, 2, 24, 10);
  const to = Date.UTC(2023, 2, 24, 16);

  it('folds aggTrades into per-bar taker buy/sell volume equal to what the exchange synthesised', async () => {
    const chunk = await makeSource().fetchSeries(key('agg-trades', 'BTC/USDT', '5m', 'spot'), from, to);
    const expected = await synthesisedBars(from, to);
    expect(Array.from(chunk.timestamps)).toEqual(expected.map((b) => b.openTime));
    // 72 bars minus the outage (12:40–13:55 missing) and the zero-volume bars around it, which have no trades.
    expect(expected.length).toBe(42);
    expect(expected.some((b) => b.openTime >= Date.UTC(2023, 2, 24, 12, 40) && b.openTime < Date.UTC(2023, 2, 24, 14))).toBe(false);
    expect(Array.from(chunk.columns.buyVolume)).toEqual(expected.map((b) => b.buy / 1e8));
    expect(Array.from(chunk.columns.sellVolume)).toEqual(expected.map((b) => b.sell / 1e8));
    expect(Array.from(chunk.columns.trades)).toEqual(expected.map((b) => b.trades));
    expected.forEach((b, i) => expect(chunk.columns.buyVolume[i] + chunk.columns.sellVolume[i]).toBeCloseTo(b.volume, 8));
    // One ≤ 1h time window per request.
    expect(server.count('/api/v3/aggTrades')).toBe(6);
    for (const r of server.requests.filter((q) => q.path === '/api/v3/aggTrades'))
      expect(Number(r.query.endTime) - Number(r.query.startTime)).toBeLessThan(HOUR);
  });

  it('pages through busy windows without losing or double-counting trades, spot and USDT-M alike', async () => {
    const reference = await makeSource().fetchSeries(key('agg-trades', 'BTC/USDT', '1h', 'spot'), from, to);
    server.reset();
    const paged = await makeSource({ pageLimits: { trades: 7 } }).fetchSeries(key('agg-trades', 'BTC/USDT', '1h', 'usdm'), from, to);
    expect(paged).toEqual(reference);
    expect(server.count('/fapi/v1/aggTrades')).toBeGreaterThan(20);
    const fiveMinute = await synthesisedBars(from, to);
    const hourOf = (t: number) => t - (t % HOUR);
    expect(Array.from(reference.timestamps)).toEqual([...new Set(fiveMinute.map((b) => hourOf(b.openTime)))]);
    reference.timestamps.forEach((h, i) => {
      const inHour = fiveMinute.filter((b) => hourOf(b.openTime) === h);
      expect(reference.columns.trades[i]).toBe(inHour.reduce((s, b) => s + b.trades, 0));
      expect(reference.columns.buyVolume[i]).toBe(inHour.reduce((s, b) => s + b.buy, 0) / 1e8);
    });
  });

  it('returns every funding event, 8h, 4h and 1h apart, across pages', async () => {
    const fromMs = Date.UTC(2023, 2, 1);
    const toMs = Date.UTC(2023, 3, 1);
    const hourly = await files.fetchCandles({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', fromMs: 0, toMs: 2e12 });
    const expected = fundingTimes(hourly.timestamps[0], hourly.timestamps[hourly.length - 1], DEFAULT_FUNDING_SCHEDULE).filter(
      (t) => t >= fromMs && t < toMs,
    );
    const fractions: number[] = [];
    const chunk = await makeSource({ pageLimits: { funding: 20 }, onProgress: (f) => fractions.push(f) }).fetchSeries(
      key('funding', 'BTC/USDT', '-'),
      fromMs,
      toMs,
    );
    expect(Array.from(chunk.timestamps)).toEqual(expected);
    const spacings = new Set(expected.slice(1).map((t, i) => (t - expected[i]) / HOUR));
    expect([...spacings].sort((a, b) => a - b)).toEqual([1, 4, 8]);
    expect(chunk.columns.fundingRate.every((r) => Number.isFinite(r) && Math.abs(r) < 0.001)).toBe(true);
    // 120 events: six full pages, then one empty page past the last event ends the walk.
    expect(expected.length).toBe(120);
    expect(server.count('/fapi/v1/fundingRate')).toBe(7);
    expect(fractions.at(-1)).toBe(1);
  });

  it('paginates open interest history, one window of `limit` periods per request', async () => {
    const fromMs = Date.UTC(2023, 1, 1);
    const toMs = Date.UTC(2023, 2, 15); // 1008 hours
    const chunk = await makeSource().fetchSeries(key('open-interest', 'ETH/USDT:USDT', '1h'), fromMs, toMs);
    expect(Array.from(chunk.timestamps)).toEqual(Array.from({ length: 1008 }, (_, i) => fromMs + i * HOUR));
    const requests = server.requests.filter((r) => r.path === '/futures/data/openInterestHist');
    expect(requests.map((r) => [r.query.period, r.query.limit, Number(r.query.startTime), Number(r.query.endTime)])).toEqual([
      ['1h', '500', fromMs, fromMs + 500 * HOUR - 1],
      ['1h', '500', fromMs + 500 * HOUR, fromMs + 1000 * HOUR - 1],
      ['1h', '500', fromMs + 1000 * HOUR, toMs - 1],
    ]);
    const raw = (await (
      await fetch(`${server.url}/futures/data/openInterestHist?symbol=ETHUSDT&period=1h&startTime=${fromMs}&limit=2`)
    ).json()) as Array<{ sumOpenInterest: string; sumOpenInterestValue: string }>;
    expect([chunk.columns.openInterest[1], chunk.columns.openInterestValue[1]]).toEqual([
      Number(raw[1].sumOpenInterest),
      Number(raw[1].sumOpenInterestValue),
    ]);
  });

  it('skips one window on an empty open-interest page and carries on', async () => {
    server.setFaults({ '/futures/data/openInterestHist': { emptyPages: { times: 1, after: 1 } } });
    const fromMs = Date.UTC(2023, 5, 1);
    const chunk = await makeSource({ pageLimits: { openInterest: 100 } }).fetchSeries(
      key('open-interest', 'BTC/USDT', '5m'),
      fromMs,
      fromMs + 400 * FIVE_MINUTES,
    );
    expect(chunk.timestamps.length).toBe(300);
    expect(chunk.timestamps[100]).toBe(fromMs + 200 * FIVE_MINUTES);
  });

  it('refuses funding / open interest on spot, and stops when aborted mid-way', async () => {
    await expect(makeSource().fetchSeries(key('funding', 'BTC/USDT', '-', 'spot'), 0, HOUR)).rejects.toThrow(
      'funding exists only for USDT-M (usdm) perpetual markets, not spot',
    );
    const controller = new AbortController();
    const source = makeSource({ pageLimits: { ohlcv: 50 }, onProgress: () => controller.abort() });
    await expect(source.fetchSeries(key('ohlcv', 'BTC/USDT', '1h', 'spot'), from, from + 500 * HOUR, controller.signal)).rejects.toThrow(/abort/i);
    expect(server.count('/api/v3/klines')).toBe(1);
  });
});
