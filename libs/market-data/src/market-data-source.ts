import type { Market } from '@ares/contracts';
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
  /**
   * Which market's candles: 'spot' (default) or 'perpetual', the symbol's USDT-margined perpetual
   * (`BTC/USDT` and `BTC/USDT:USDT` both name `BTC/USDT:USDT`).
   */
  market?: Market;
}

/**
 * Funding settlements of a perpetual, one row per funding time (8h, 4h or 1h apart on Binance: data, not gaps),
 * as the source has them. `rates[i]` is the rate settled at `timestamps[i]` (ms UTC): a long pays rate × notional.
 */
export interface FundingEvents {
  timestamps: Float64Array;
  rates: Float64Array;
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
   * For a 'perpetual' request it covers the perpetual's candles and its funding events (see FundingSource).
   */
  fingerprint(request: CandleRequest): Promise<string>;
}

/** A source that also serves perpetual funding settlements. */
export interface FundingSource {
  /**
   * The funding events of `request.symbol`'s USDT-margined perpetual with fromMs ≤ time < toMs (whatever
   * `request.market` says: funding exists only on the perpetual). `request.timeframe` is validated like a candle
   * request's (a file source also uses it to find its funding file). As the source has them: not sorted, not deduped.
   */
  fetchFunding(request: CandleRequest, signal?: AbortSignal): Promise<FundingEvents>;
}

/** Whether `source` serves funding events too. */
export function servesFunding<S extends MarketDataSource>(source: S | undefined): source is S & FundingSource {
  return typeof (source as Partial<FundingSource> | undefined)?.fetchFunding === 'function';
}
