import { Candles } from './candles';

/** What to fetch: one symbol at one timeframe over [fromMs, toMs). */
export interface CandleRequest {
  /** Exchange id as ccxt spells it, e.g. 'binance'. */
  exchange: string;
  /** Unified symbol, e.g. 'BTC/USDT'. */
  symbol: string;
  /** One of TIMEFRAMES, e.g. '1h'. */
  timeframe: string;
  /** Inclusive start (bar open time), ms UTC. */
  fromMs: number;
  /** Exclusive end (bar open time), ms UTC. */
  toMs: number;
}

/**
 * Where candles come from (files, an exchange via ccxt, …). Every adapter passes one shared contract suite.
 * Sources return the data as the source has it; they neither sort, dedupe nor fill gaps.
 */
export interface MarketDataSource {
  /** Adapter family, e.g. 'file' or 'ccxt'. */
  readonly kind: string;
  fetchCandles(request: CandleRequest, signal?: AbortSignal): Promise<Candles>;
  /**
   * Identifies the data that would answer `request`; it changes when that data changes.
   * Stages put it into their content-addressed cache keys, so it must be deterministic across machines.
   */
  fingerprint(request: CandleRequest): Promise<string>;
}
