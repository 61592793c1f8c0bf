import { ccxtModule } from './ccxt-module';
import type { Exchange } from 'ccxt';
import type { Logger } from '@ares/logging';
import { MarketDataError } from '../market-data-error';
import { parseRetryAfterMs } from './retry';

/** Environment variables the exchange adapter reads (credentials are optional: public market data needs none). */
export const EXCHANGE_ENV = {
  apiKey: 'ARES_EXCHANGE_API_KEY',
  secret: 'ARES_EXCHANGE_SECRET',
  /** Read by callers and passed as `apiUrl` (tests, proxies, recorded-response servers). */
  apiUrl: 'ARES_EXCHANGE_API_URL',
} as const;

export interface CcxtExchangeOptions {
  /** ccxt exchange id; default 'binance'. */
  exchangeId?: string;
  /** Replaces the origin of every REST API URL, keeping paths (e.g. 'http://127.0.0.1:8080'). */
  apiUrl?: string;
  /** Per-request timeout, ms (ccxt default 10 000). */
  timeoutMs?: number;
  /** ccxt's rate limit base, ms per unit of endpoint cost (binance: 50). Lower it only against a local server. */
  rateLimitMs?: number;
  /** Where credentials come from; default process.env. Nothing else is read from it. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Merged into the exchange's ccxt `options` (e.g. `{ fetchMarkets: { types: ['spot', 'linear'] } }`). */
  ccxtOptions?: Record<string, unknown>;
  logger?: Logger;
}

type ExchangeClass = new (config: Record<string, unknown>) => Exchange;

/** ccxt exchange ids known to the installed ccxt. */
export function ccxtExchangeIds(): string[] {
  const list: unknown = (ccxtModule() as unknown as { exchanges: unknown }).exchanges;
  return Array.isArray(list) ? (list as string[]) : Object.keys(list as object);
}

/**
 * A ccxt exchange with rate limiting on, credentials from the environment only, and optionally every REST host
 * replaced by `apiUrl`. Logs the exchange id and URL, never credentials.
 */
export function createCcxtExchange(options: CcxtExchangeOptions = {}): Exchange {
  const id = options.exchangeId ?? 'binance';
  const ids = ccxtExchangeIds();
  const ExchangeCtor = (ccxtModule() as unknown as Record<string, unknown>)[id];
  if (!ids.includes(id) || typeof ExchangeCtor !== 'function') {
    const similar = ids.filter((known) => known.slice(0, 3) === id.toLowerCase().slice(0, 3));
    throw new MarketDataError(
      'invalid-request',
      `"${id}" is not a ccxt exchange id (ccxt ${ccxtModule().version} knows ${ids.length} exchanges` +
        (similar.length ? `; similar: ${similar.join(', ')})` : `, e.g. ${ids.slice(0, 8).join(', ')}, …)`),
    );
  }
  const env = options.env ?? process.env;
  const config: Record<string, unknown> = {
    enableRateLimit: true,
    // verbose ccxt logs request headers, which carry the API key.
    verbose: false,
    options: options.ccxtOptions ?? {},
  };
  if (options.timeoutMs !== undefined) config.timeout = options.timeoutMs;
  if (options.rateLimitMs !== undefined) config.rateLimit = options.rateLimitMs;
  const apiKey = env[EXCHANGE_ENV.apiKey];
  const secret = env[EXCHANGE_ENV.secret];
  if (apiKey) config.apiKey = apiKey;
  if (secret) config.secret = secret;

  const exchange = new (ExchangeCtor as ExchangeClass)(config);
  if (options.apiUrl !== undefined) exchange.urls.api = rewriteApiUrls(exchange.urls.api, options.apiUrl) as typeof exchange.urls.api;
  rejectMalformedJson(exchange);
  // A URL may carry user:password; log the host only.
  const loggedUrl = options.apiUrl === undefined ? 'default' : options.apiUrl.replace(/\/\/[^/@]*@/, '//[redacted]@');
  options.logger?.info({ exchange: id, apiUrl: loggedUrl }, 'ccxt exchange created');
  return exchange;
}

/**
 * Copy of a ccxt `urls.api` value (string or nested object) with every http(s) URL's origin replaced by `apiUrl`'s;
 * a path on `apiUrl` becomes a prefix. Regex, not URL parsing, because some exchanges keep `{hostname}` templates here.
 * WebSocket URLs are left alone: the fake servers speak REST only.
 */
export function rewriteApiUrls(api: unknown, apiUrl: string): unknown {
  const override = /^(https?:\/\/[^/?#]+)(\/[^?#]*)?$/i.exec(apiUrl.trim());
  if (!override) throw new MarketDataError('invalid-request', `apiUrl ${JSON.stringify(apiUrl)} is not an http(s) URL like http://127.0.0.1:8080`);
  const prefix = override[1] + (override[2] ?? '').replace(/\/+$/, '');
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return /^https?:\/\//i.test(value) ? value.replace(/^https?:\/\/[^/?#]+/i, prefix) : value;
    if (Array.isArray(value)) return value.map(rewrite);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  return rewrite(api);
}

/**
 * ccxt swallows an unparsable 2xx body: parseJson returns undefined and fetchOHLCV then yields [] — a truncated page
 * would look like "no data here" and pagination would skip real bars. Raise BadResponse instead (retryable).
 */
function rejectMalformedJson(exchange: Exchange): void {
  const original = exchange.onRestResponse.bind(exchange);
  exchange.onRestResponse = (status, statusText, url, method, responseHeaders, responseBody, requestHeaders, requestBody) => {
    const text: unknown = original(status, statusText, url, method, responseHeaders, responseBody, requestHeaders, requestBody);
    if (
      typeof text === 'string' &&
      status >= 200 &&
      status < 300 &&
      text !== '' &&
      (text[0] === '{' || text[0] === '[' || looksJson(responseHeaders))
    ) {
      try {
        JSON.parse(text);
      } catch {
        const { BadResponse } = ccxtModule();
        throw new BadResponse(`${exchange.id} ${method} ${url} returned malformed JSON (${text.length} bytes): ${text.slice(0, 80)}`);
      }
    }
    return text;
  };
}

function looksJson(headers: unknown): boolean {
  const type = headers && typeof headers === 'object' ? (headers as Record<string, unknown>)['Content-Type'] : undefined;
  return typeof type === 'string' && type.includes('json');
}

/** How long the exchange's last response asked us to wait (`Retry-After`), from ccxt's `last_response_headers`. */
export function lastRetryAfterMs(exchange: Exchange, nowMs = Date.now()): number | undefined {
  const headers = exchange.last_response_headers;
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after');
  return key === undefined ? undefined : parseRetryAfterMs(headers[key], nowMs);
}
