import { resolve } from 'node:path';
import { FileMarketDataSource } from '@ares/market-data';
import { FakeBinance, startFakeBinance } from './fake-binance-server';
import { FIRST_AGG_TRADE_ID } from './synthetic-agg-trades';

const DATA_DIR = resolve(__dirname, '../../../data/market/binance-spot-2023');
const JAN1 = Date.UTC(2023, 0, 1);
const HOUR = 3_600_000;

let server: FakeBinance;
beforeAll(async () => {
  server = await startFakeBinance();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => server.reset());

async function get(
  path: string,
  query: Record<string, string | number> = {},
): Promise<{
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- exchange JSON of many shapes
  json: () => any;
}> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await fetch(`${server.url}${path}?${qs}`);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

describe('fake Binance: market data endpoints', () => {
  it('binds 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers klines in Binance array format with the sample values', async () => {
    const res = await get('/api/v3/klines', { symbol: 'BTCUSDT', interval: '1h', startTime: JAN1, limit: 2 });
    expect(res.status).toBe(200);
    const rows = res.json();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveLength(12);
    expect(rows[0].slice(0, 7)).toEqual([
      JAN1,
      '16541.77000000',
      '16545.70000000',
      '16508.39000000',
      '16529.67000000',
      '4364.83570000',
      JAN1 + HOUR - 1,
    ]);
    expect(typeof rows[0][8]).toBe('number');
    expect(rows[0][11]).toBe('0');
  });

  it('pages klines like Binance: from startTime, last rows up to endTime, limit ≤ 1000', async () => {
    const file = await new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({
      exchange: 'binance',
      symbol: 'ETH/USDT',
      timeframe: '15m',
      fromMs: 0,
      toMs: 2e12,
    });
    const page = (await get('/api/v3/klines', { symbol: 'ETHUSDT', interval: '15m', startTime: JAN1 + 1, endTime: JAN1 + 10 * 900_000 })).json();
    expect(page.map((r: unknown[]) => r[0])).toEqual(Array.from({ length: 10 }, (_, i) => JAN1 + (i + 1) * 900_000));
    const tail = (await get('/api/v3/klines', { symbol: 'ETHUSDT', interval: '15m', limit: 3 })).json();
    expect(tail.map((r: unknown[]) => r[0])).toEqual(Array.from(file.timestamps.slice(-3)));
    expect((await get('/api/v3/klines', { symbol: 'ETHUSDT', interval: '15m' })).json()).toHaveLength(500);
    const tooMany = await get('/api/v3/klines', { symbol: 'ETHUSDT', interval: '15m', limit: 1001 });
    expect([tooMany.status, tooMany.json().code]).toEqual([400, -1130]);
  });

  it('aggregates coarser intervals from the files (4h from 1h) and rejects intervals it cannot make', async () => {
    const [bar] = (await get('/api/v3/klines', { symbol: 'BTCUSDT', interval: '4h', startTime: JAN1, limit: 1 })).json();
    const hours = (await get('/api/v3/klines', { symbol: 'BTCUSDT', interval: '1h', startTime: JAN1, limit: 4 })).json();
    expect(bar[0]).toBe(JAN1);
    expect(bar[1]).toBe(hours[0][1]);
    expect(bar[4]).toBe(hours[3][4]);
    expect(Number(bar[5])).toBeCloseTo(
      hours.reduce((s: number, h: string[]) => s + Number(h[5]), 0),
      8,
    );
    const bad = await get('/api/v3/klines', { symbol: 'BTCUSDT', interval: '7m' });
    expect([bad.status, bad.json()]).toEqual([400, { code: -1120, msg: 'Invalid interval.' }]);
  });

  it('answers an unknown symbol with Binance’s error', async () => {
    for (const path of ['/api/v3/klines', '/api/v3/aggTrades', '/fapi/v1/fundingRate', '/futures/data/openInterestHist']) {
      const res = await get(path, { symbol: 'NOPEUSDT', interval: '1h', period: '1h' });
      expect([path, res.status, res.text]).toEqual([path, 400, '{"code":-1121,"msg":"Invalid symbol."}']);
    }
  });

  it('synthesises aggTrades whose quantities sum to the bar volume, addressable by time and by id', async () => {
    const bar = (await get('/api/v3/klines', { symbol: 'BTCUSDT', interval: '5m', startTime: JAN1, limit: 1 })).json()[0];
    const trades = (await get('/api/v3/aggTrades', { symbol: 'BTCUSDT', startTime: JAN1, endTime: JAN1 + 299_999 })).json();
    expect(trades.length).toBeGreaterThanOrEqual(2);
    expect(trades[0]).toEqual(expect.objectContaining({ a: FIRST_AGG_TRADE_ID, M: true }));
    const units = trades.reduce((s: number, t: { q: string }) => s + Math.round(Number(t.q) * 1e8), 0);
    expect(units).toBe(Math.round(Number(bar[5]) * 1e8));
    for (const t of trades) expect(t.T).toBeGreaterThanOrEqual(JAN1);
    const byId = (await get('/api/v3/aggTrades', { symbol: 'BTCUSDT', fromId: trades[1].a, limit: 3 })).json();
    expect(byId.map((t: { a: number }) => t.a)).toEqual([trades[1].a, trades[1].a + 1, trades[1].a + 2]);
    const futures = (await get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', fromId: trades[0].a, limit: 1 })).json();
    expect(futures[0]).not.toHaveProperty('M');
  });

  it('enforces aggTrades rules: a window of at most 1h, no fromId with a window', async () => {
    const long = await get('/api/v3/aggTrades', { symbol: 'BTCUSDT', startTime: JAN1, endTime: JAN1 + HOUR + 1 });
    expect([long.status, long.json().code]).toEqual([400, -1127]);
    const mixed = await get('/api/v3/aggTrades', { symbol: 'BTCUSDT', startTime: JAN1, fromId: FIRST_AGG_TRADE_ID });
    expect([mixed.status, mixed.json().code]).toEqual([400, -1128]);
    const capped = (await get('/api/v3/aggTrades', { symbol: 'BTCUSDT', startTime: JAN1, endTime: JAN1 + HOUR, limit: 5 })).json();
    expect(capped).toHaveLength(5);
  });

  it('synthesises funding every 8h with a 4h and a 1h stretch', async () => {
    const rows = (
      await get('/fapi/v1/fundingRate', { symbol: 'BTCUSDT', startTime: Date.UTC(2023, 2, 9), endTime: Date.UTC(2023, 2, 14), limit: 1000 })
    ).json();
    const gaps = new Set(rows.slice(1).map((r: { fundingTime: number }, i: number) => (r.fundingTime - rows[i].fundingTime) / HOUR));
    expect([...gaps].sort()).toEqual([1, 4, 8]);
    expect(rows[0]).toEqual({
      symbol: 'BTCUSDT',
      fundingTime: Date.UTC(2023, 2, 9),
      fundingRate: expect.stringMatching(/^-?\d\.\d{8}$/),
      markPrice: expect.any(String),
    });
    expect((await get('/fapi/v1/fundingRate', { symbol: 'BTCUSDT' })).json()).toHaveLength(100);
  });

  it('serves open interest history on the period grid, limit ≤ 500', async () => {
    const rows = (await get('/futures/data/openInterestHist', { symbol: 'ETHUSDT', period: '4h', startTime: JAN1 + 1, limit: 3 })).json();
    expect(rows.map((r: { timestamp: number }) => r.timestamp)).toEqual([1, 2, 3].map((i) => JAN1 + i * 4 * HOUR));
    expect(Number(rows[0].sumOpenInterestValue)).toBeGreaterThan(Number(rows[0].sumOpenInterest));
    expect((await get('/futures/data/openInterestHist', { symbol: 'ETHUSDT', period: '1h', limit: 501 })).json().code).toBe(-1130);
    expect((await get('/futures/data/openInterestHist', { symbol: 'ETHUSDT', period: '1m' })).status).toBe(400);
  });

  it('answers every exchangeInfo ccxt’s loadMarkets may ask for', async () => {
    expect((await get('/api/v3/exchangeInfo')).json().symbols.map((s: { symbol: string }) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect((await get('/fapi/v1/exchangeInfo')).json().symbols[0]).toEqual(
      expect.objectContaining({ contractType: 'PERPETUAL', marginAsset: 'USDT' }),
    );
    expect((await get('/dapi/v1/exchangeInfo')).json().symbols).toEqual([]);
    expect((await get('/eapi/v1/exchangeInfo')).json().optionSymbols).toEqual([]);
    expect((await get('/sapi/v1/capital/config/getall')).status).toBe(404);
  });
});

describe('fake Binance: faults and request log', () => {
  const klines = { symbol: 'BTCUSDT', interval: '1h', startTime: JAN1, limit: 10 };

  it('429 with Retry-After, `times` times, after `after` good requests', async () => {
    server.setFaults({ '/api/v3/klines': { status429: { times: 2, after: 1, retryAfterSeconds: 7 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await get('/api/v3/klines', klines);
      statuses.push(res.status);
      if (res.status === 429) expect([res.headers.get('retry-after'), res.json().code]).toEqual(['7', -1003]);
    }
    expect(statuses).toEqual([200, 429, 429, 200]);
  });

  it('5xx with Binance’s -1001 body or a gateway HTML page', async () => {
    server.setFaults({ '/api/v3/klines': { status5xx: { times: 1 } }, '/fapi/v1/klines': { status5xx: { times: 1, status: 502, html: true } } });
    const json = await get('/api/v3/klines', klines);
    expect([json.status, json.json().code]).toEqual([503, -1001]);
    const html = await get('/fapi/v1/klines', klines);
    expect([html.status, html.headers.get('content-type'), html.text.startsWith('<html>')]).toEqual([502, 'text/html', true]);
    expect((await get('/api/v3/klines', klines)).status).toBe(200);
  });

  it('malformed JSON, empty pages and delays', async () => {
    server.setFaults({
      '/api/v3/klines': { malformedJson: { times: 1 }, emptyPages: { times: 1, after: 1 }, delayMs: { times: 1, after: 2, ms: 150 } },
    });
    const malformed = await get('/api/v3/klines', klines);
    expect(malformed.status).toBe(200);
    expect(() => malformed.json()).toThrow();
    expect((await get('/api/v3/klines', klines)).text).toBe('[]');
    const started = Date.now();
    expect((await get('/api/v3/klines', klines)).json()).toHaveLength(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('records every request; reset() forgets requests and faults', async () => {
    server.setFaults({ '/api/v3/klines': { status5xx: { times: 5 } } });
    await get('/api/v3/klines', klines);
    await get('/api/v3/exchangeInfo');
    expect(server.requests).toEqual([
      { method: 'GET', path: '/api/v3/klines', query: { symbol: 'BTCUSDT', interval: '1h', startTime: String(JAN1), limit: '10' } },
      { method: 'GET', path: '/api/v3/exchangeInfo', query: {} },
    ]);
    expect(server.count('/api/v3/klines')).toBe(1);
    server.reset();
    expect(server.requests).toEqual([]);
    expect((await get('/api/v3/klines', klines)).status).toBe(200);
  });
});
