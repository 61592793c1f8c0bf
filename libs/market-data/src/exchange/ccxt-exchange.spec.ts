/** @jest-environment ./libs/fake-exchange/src/ccxt-test-environment.ts */
import pino from 'pino';
import { ccxtExchangeIds, createCcxtExchange, EXCHANGE_ENV, lastRetryAfterMs, rewriteApiUrls } from './ccxt-exchange';

function capturingLogger() {
  const lines: string[] = [];
  return { lines, logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }) };
}

describe('createCcxtExchange', () => {
  it('creates binance by default, rate-limited, offline', () => {
    const exchange = createCcxtExchange({ env: {} });
    expect(exchange.id).toBe('binance');
    expect(exchange.enableRateLimit).toBe(true);
    expect(exchange.rateLimit).toBe(50);
    expect(exchange.apiKey).toBeFalsy();
  });

  it('applies timeout, rate limit and ccxt options', () => {
    const exchange = createCcxtExchange({ env: {}, timeoutMs: 1234, rateLimitMs: 2, ccxtOptions: { fetchMarkets: { types: ['spot'] } } });
    expect([exchange.timeout, exchange.rateLimit, exchange.options.fetchMarkets.types]).toEqual([1234, 2, ['spot']]);
  });

  it('rejects an unknown exchange id, saying it is not a ccxt exchange', () => {
    expect(ccxtExchangeIds()).toContain('kraken');
    expect(() => createCcxtExchange({ exchangeId: 'binanse' })).toThrow(
      /^"binanse" is not a ccxt exchange id \(ccxt [\d.]+ knows \d+ exchanges; similar: binance, /,
    );
    expect(() => createCcxtExchange({ exchangeId: 'nope' })).toThrow(/"nope" is not a ccxt exchange id .*e\.g\. /);
    expect(() => createCcxtExchange({ exchangeId: 'Exchange' })).toThrow(/not a ccxt exchange id/);
  });

  it('takes credentials from the environment only, and never logs them', () => {
    const { lines, logger } = capturingLogger();
    const env = { [EXCHANGE_ENV.apiKey]: 'KEY-abc123', [EXCHANGE_ENV.secret]: 'SECRET-xyz789', OTHER: 'ignored' };
    const exchange = createCcxtExchange({ env, apiUrl: 'http://127.0.0.1:9', logger });
    expect([exchange.apiKey, exchange.secret]).toEqual(['KEY-abc123', 'SECRET-xyz789']);
    expect(exchange.verbose).toBe(false);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual(
      expect.objectContaining({ exchange: 'binance', apiUrl: 'http://127.0.0.1:9', msg: 'ccxt exchange created' }),
    );
    expect(lines.join('')).not.toMatch(/abc123|xyz789/);
    createCcxtExchange({ env, apiUrl: 'http://user:hunter2@127.0.0.1:9', logger });
    expect(JSON.parse(lines[1]).apiUrl).toBe('http://[redacted]@127.0.0.1:9');
  });

  it('points every REST host at apiUrl, keeping paths', () => {
    const exchange = createCcxtExchange({ env: {}, apiUrl: 'http://127.0.0.1:4000' });
    const api = exchange.urls.api as Record<string, string>;
    expect(api.public).toBe('http://127.0.0.1:4000/api/v3');
    expect(api.fapiPublic).toBe('http://127.0.0.1:4000/fapi/v1');
    expect(api.fapiData).toBe('http://127.0.0.1:4000/futures/data');
    expect(Object.values(api).every((u) => u.startsWith('http://127.0.0.1:4000/'))).toBe(true);
  });
});

describe('rewriteApiUrls', () => {
  it('rewrites nested objects and arrays, keeps templates and websockets, prefixes an apiUrl path', () => {
    const api = {
      rest: { public: 'https://api.kraken.com/0/public', private: 'https://api.kraken.com/0/private?x=1' },
      list: ['https://a.example.com/v1'],
      template: 'https://api.{hostname}/v5',
      ws: 'wss://stream.example.com/ws',
      n: 3,
    };
    expect(rewriteApiUrls(api, 'http://127.0.0.1:8080/proxy/')).toEqual({
      rest: { public: 'http://127.0.0.1:8080/proxy/0/public', private: 'http://127.0.0.1:8080/proxy/0/private?x=1' },
      list: ['http://127.0.0.1:8080/proxy/v1'],
      template: 'http://127.0.0.1:8080/proxy/v5',
      ws: 'wss://stream.example.com/ws',
      n: 3,
    });
    expect(api.rest.public).toBe('https://api.kraken.com/0/public');
  });

  it('rejects an apiUrl that is not http(s)', () => {
    expect(() => rewriteApiUrls({}, 'ftp://x')).toThrow(/is not an http\(s\) URL/);
  });
});

describe('lastRetryAfterMs', () => {
  it('reads Retry-After from ccxt’s last_response_headers, any casing', () => {
    const exchange = createCcxtExchange({ env: {} });
    expect(lastRetryAfterMs(exchange)).toBeUndefined();
    exchange.last_response_headers = { 'Retry-After': '3' };
    expect(lastRetryAfterMs(exchange)).toBe(3000);
    exchange.last_response_headers = { 'retry-after': '0.25' };
    expect(lastRetryAfterMs(exchange)).toBe(250);
  });
});
