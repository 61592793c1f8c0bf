/** @jest-environment ./libs/fake-exchange/src/ccxt-test-environment.ts */
import { resolve } from 'node:path';
import { FakeBinance, startFakeBinance } from '@ares/fake-exchange';
import { Candles } from '../candles';
import { FileMarketDataSource } from '../file-market-data-source';
import { CandleRequest } from '../market-data-source';
import { marketDataSourceContract } from '../market-data-source.contract';
import { createCcxtExchange } from './ccxt-exchange';
import { ccxtModule } from './ccxt-module';
import { CcxtMarketDataSource, CcxtMarketDataSourceOptions, ExchangeCall } from './ccxt-market-data-source';
import { withRetries } from './retry';

const ccxt = ccxtModule();

const DATA_DIR = resolve(__dirname, '../../../../data/market/binance-spot-2023');
const HOUR = 3_600_000;
const KLINES = '/api/v3/klines';
const files = new FileMarketDataSource({ directory: DATA_DIR });

let server: FakeBinance;
let sleeps: number[];
beforeAll(async () => {
  server = await startFakeBinance();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.reset();
  sleeps = [];
});

/** A source on the fake server: ccxt's real code path, fast rate limit, and an instant recorded sleep between retries. */
function makeSource(options: Partial<CcxtMarketDataSourceOptions> = {}): CcxtMarketDataSource {
  return new CcxtMarketDataSource({
    apiUrl: server.url,
    env: {},
    rateLimitMs: 1,
    timeoutMs: 2000,
    ...options,
    retry: { baseDelayMs: 10, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), ...options.retry },
  });
}

function request(symbol: string, timeframe: string, from: Date, to: Date): CandleRequest {
  return { exchange: 'binance', symbol, timeframe, fromMs: from.getTime(), toMs: to.getTime() };
}

function expectSameCandles(actual: Candles, expected: Candles): void {
  expect(actual.length).toBe(expected.length);
  for (const c of ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(actual[c])).toEqual(Array.from(expected[c]));
}

marketDataSourceContract('CcxtMarketDataSource (fake Binance)', async () => ({
  source: makeSource(),
  request: request('ETH/USDT', '15m', new Date(Date.UTC(2023, 5, 1)), new Date(Date.UTC(2023, 5, 8))),
}));

describe('CcxtMarketDataSource: candles', () => {
  it('fetches a year of 1h candles in 9 pages, identical to the sample file', async () => {
    const calls: ExchangeCall[] = [];
    const fractions: number[] = [];
    const source = makeSource({ onRequest: (c) => calls.push(c), onProgress: (f) => fractions.push(f) });
    const req = request('BTC/USDT', '1h', new Date(Date.UTC(2023, 0, 1)), new Date(Date.UTC(2024, 0, 1)));
    const candles = await source.fetchCandles(req);
    expectSameCandles(candles, await files.fetchCandles(req));
    expect(candles.length).toBe(8759); // 8760 hours minus the 2023-03-24 13:00 outage bar
    expect(server.count(KLINES)).toBe(9);
    // Only the market types market data needs: spot and USDT-M, not coin-M or options.
    expect([server.count('/api/v3/exchangeInfo'), server.count('/fapi/v1/exchangeInfo'), server.count('/dapi/v1/exchangeInfo')]).toEqual([1, 1, 0]);
    expect(calls.map((c) => c.operation)).toEqual(['loadMarkets', ...Array(9).fill('fetchOHLCV')]);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it('keeps the 2023-03-24 outage gap inside a range, across page boundaries', async () => {
    const source = makeSource({ pageLimits: { ohlcv: 100 } });
    const req = request('BTC/USDT', '5m', new Date(Date.UTC(2023, 2, 24)), new Date(Date.UTC(2023, 2, 25)));
    const candles = await source.fetchCandles(req);
    expectSameCandles(candles, await files.fetchCandles(req));
    const steps = new Set<number>();
    for (let i = 1; i < candles.length; i++) steps.add(candles.timestamps[i] - candles.timestamps[i - 1]);
    expect([...steps].sort((a, b) => a - b)).toEqual([300_000, 17 * 300_000]);
  });

  it('does not stop at an empty page inside the range: skips one page and carries on to the range end', async () => {
    server.setFaults({ [KLINES]: { emptyPages: { times: 1, after: 2 } } });
    const source = makeSource({ pageLimits: { ohlcv: 100 } });
    const req = request('ETH/USDT', '1h', new Date(Date.UTC(2023, 5, 1)), new Date(Date.UTC(2023, 6, 1)));
    const candles = await source.fetchCandles(req);
    const all = await files.fetchCandles(req);
    // Pages 1–2 (200 bars) arrive, page 3 answers [], the walk jumps 100 bars and fetches the rest: 720 − 100 bars.
    expect(candles.length).toBe(all.length - 100);
    expect(candles.timestamps[199]).toBe(req.fromMs + 199 * HOUR);
    expect(candles.timestamps[200]).toBe(req.fromMs + 300 * HOUR);
    expect(candles.timestamps[candles.length - 1]).toBe(req.toMs - HOUR);
  });

  it('honours Retry-After on 429 (via the injected sleep) and then succeeds', async () => {
    server.setFaults({ [KLINES]: { status429: { times: 2, retryAfterSeconds: 3 } } });
    const req = request('BTC/USDT', '1h', new Date(Date.UTC(2023, 1, 1)), new Date(Date.UTC(2023, 1, 2)));
    expectSameCandles(await makeSource().fetchCandles(req), await files.fetchCandles(req));
    expect(sleeps).toEqual([3000, 3000]);
    expect(server.count(KLINES)).toBe(3);
  });

  it('retries a burst of 5xx — Binance’s -1001 JSON and a gateway’s HTML page — then succeeds', async () => {
    server.setFaults({
      [KLINES]: { status5xx: { times: 3, status: 503 } },
      '/api/v3/exchangeInfo': { status5xx: { times: 1, status: 502, html: true } },
    });
    const req = request('BTC/USDT', '1h', new Date(Date.UTC(2023, 1, 1)), new Date(Date.UTC(2023, 1, 2)));
    expectSameCandles(await makeSource().fetchCandles(req), await files.fetchCandles(req));
    // One retry for exchangeInfo (ccxt's failed loadMarkets must be reloaded, not re-awaited), three for klines.
    expect([server.count('/api/v3/exchangeInfo'), server.count(KLINES)]).toEqual([2, 4]);
    expect(sleeps).toEqual([5, 5, 10, 20]);
  });

  it('retries malformed JSON (ccxt alone would return [] and lose the page) and gives up if it persists', async () => {
    const req = request('BTC/USDT', '1h', new Date(Date.UTC(2023, 1, 1)), new Date(Date.UTC(2023, 1, 2)));
    server.setFaults({ [KLINES]: { malformedJson: { times: 1 } } });
    expectSameCandles(await makeSource().fetchCandles(req), await files.fetchCandles(req));
    expect(server.count(KLINES)).toBe(2);

    server.setFaults({ [KLINES]: { malformedJson: { times: 100 } } });
    const failure = makeSource({ retry: { maxAttempts: 3 } }).fetchCandles(req);
    await expect(failure).rejects.toBeInstanceOf(ccxt.BadResponse);
    await expect(failure).rejects.toThrow(/returned malformed JSON .*\(gave up after 3 attempts\)$/);
  });

  it('retries a request that outlives the ccxt timeout (RequestTimeout)', async () => {
    server.setFaults({ [KLINES]: { delayMs: { times: 1, ms: 1500 } } });
    const errors: string[] = [];
    const logger = { info: () => undefined, warn: (o: { error: string }) => void errors.push(o.error) } as never;
    const req = request('ETH/USDT', '1h', new Date(Date.UTC(2023, 1, 1)), new Date(Date.UTC(2023, 1, 2)));
    expectSameCandles(await makeSource({ timeoutMs: 300, logger }).fetchCandles(req), await files.fetchCandles(req));
    expect(errors).toEqual([expect.stringMatching(/request timed out \(300 ms\)/)]);
  });

  it('names an unknown symbol, without retrying or requesting candles', async () => {
    const source = makeSource();
    await expect(source.fetchCandles(request('BTC/NOPE', '1h', new Date(0), new Date(HOUR)))).rejects.toThrow('BTC/NOPE is not a market on binance');
    await expect(
      source.fetchSeries({ exchange: 'binance', marketType: 'usdm', symbol: 'NOPE/USDT', timeframe: '-', kind: 'funding' }, 0, HOUR),
    ).rejects.toThrow('NOPE/USDT is not a market on binance (USDT-M perpetual NOPE/USDT:USDT)');
    expect([server.count(KLINES), sleeps]).toEqual([0, []]);
  });

  it('fails at once on Binance’s -1121 Invalid symbol (ccxt BadSymbol), with the exchange’s message', async () => {
    const exchange = makeSource().exchange;
    const attempt = withRetries(() => exchange.publicGetKlines({ symbol: 'NOPEUSDT', interval: '1h' }), {
      sleep: async (ms) => void sleeps.push(ms),
    });
    await expect(attempt).rejects.toBeInstanceOf(ccxt.BadSymbol);
    await expect(attempt).rejects.toThrow('binance {"code":-1121,"msg":"Invalid symbol."}');
    expect([server.count(KLINES), sleeps]).toEqual([1, []]);
  });

  it('serves USDT-M perpetual candles from /fapi', async () => {
    const req = request('BTC/USDT:USDT', '4h', new Date(Date.UTC(2023, 3, 1)), new Date(Date.UTC(2023, 3, 3)));
    const candles = await makeSource().fetchCandles(req);
    expect(candles.length).toBe(12);
    expect([server.count('/fapi/v1/klines'), server.count(KLINES)]).toEqual([1, 0]);
  });

  it('rejects requests for another exchange and bad ranges', async () => {
    const source = makeSource();
    await expect(source.fetchCandles({ ...request('BTC/USDT', '1h', new Date(0), new Date(1)), exchange: 'kraken' })).rejects.toThrow(
      'This source serves exchange "binance", not "kraken"',
    );
    await expect(source.fetchCandles(request('BTC/USDT', '1h', new Date(10), new Date(5)))).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('fingerprints exchange requests as exchange|id|symbol|tf|from|to', async () => {
    const req = request('BTC/USDT', '1h', new Date(Date.UTC(2023, 0, 1)), new Date(Date.UTC(2023, 1, 1)));
    expect(await makeSource().fingerprint(req)).toBe(`exchange|binance|BTC/USDT|1h|${req.fromMs}|${req.toMs}`);
    expect(server.requests).toEqual([]);
  });

  it('answers ccxt’s default loadMarkets too (spot, USDT-M and coin-M exchangeInfo)', async () => {
    const exchange = createCcxtExchange({ apiUrl: server.url, env: {} });
    await exchange.loadMarkets();
    expect(server.requests.map((r) => r.path).sort()).toEqual(['/api/v3/exchangeInfo', '/dapi/v1/exchangeInfo', '/fapi/v1/exchangeInfo']);
    expect(Object.keys(exchange.markets ?? {}).sort()).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT']);
  });
});
