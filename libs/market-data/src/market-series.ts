/**
 * Time series an exchange serves besides spot candles, addressed the same way by sources and by the local store.
 *  - ohlcv: columns open, high, low, close, volume (per bar of `timeframe`)
 *  - agg-trades: per bar of `timeframe`: buyVolume, sellVolume (base asset, by taker side), trades (count)
 *  - funding: per funding event (its own times; 8h, 4h or 1h apart on Binance — data, not gaps): fundingRate
 *  - open-interest: per `timeframe` period: openInterest (contracts/base), openInterestValue (quote)
 */
export type SeriesKind = 'ohlcv' | 'agg-trades' | 'funding' | 'open-interest';
export const SERIES_KINDS: readonly SeriesKind[] = ['ohlcv', 'agg-trades', 'funding', 'open-interest'];

export type MarketType = 'spot' | 'usdm';

export interface SeriesKey {
  /** ccxt exchange id, e.g. 'binance'. */
  exchange: string;
  marketType: MarketType;
  /** Unified symbol, e.g. 'BTC/USDT' (spot) or 'BTC/USDT:USDT' (USDT-M perpetual). */
  symbol: string;
  /** Bar length for ohlcv / agg-trades / open-interest; ignored ('-') for funding. */
  timeframe: string;
  kind: SeriesKind;
}

/** Rows sorted by time (ms UTC), one Float64Array per column, all the same length. */
export interface SeriesChunk {
  timestamps: Float64Array;
  columns: Record<string, Float64Array>;
}

/** Fetches [fromMs, toMs) of one series from wherever it lives (an exchange through ccxt, a test server). */
export interface SeriesFetcher {
  fetchSeries(key: SeriesKey, fromMs: number, toMs: number, signal?: AbortSignal): Promise<SeriesChunk>;
}

export function seriesKeyId(key: SeriesKey): string {
  const symbol = key.symbol.replace(/[/:]/g, '_');
  const timeframe = key.kind === 'funding' ? '-' : key.timeframe;
  return [key.exchange, key.marketType, symbol, timeframe, key.kind].join('.');
}

/** `BTC/USDT` → the USDT-margined perpetual `BTC/USDT:USDT` (settled in the quote), where funding and open interest live. */
export function perpetualOf(symbol: string): string {
  if (symbol.includes(':')) return symbol;
  return `${symbol}:${symbol.split('/')[1] ?? ''}`;
}
