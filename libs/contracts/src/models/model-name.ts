import type { RunSpec } from '../run-spec';

/** `<exchange>-<symbol>-<timeframe>` with `/` and `:` as `_`: `binance-BTC_USDT-1h`. */
export function defaultModelName(spec: Pick<RunSpec, 'exchange' | 'symbol' | 'timeframe'>): string {
  return `${spec.exchange}-${spec.symbol}-${spec.timeframe}`.replace(/[/:]/g, '_').replace(/[^A-Za-z0-9_-]/g, '_');
}
