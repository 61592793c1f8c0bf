/** Binance writes decimals as strings with 8 places; fall back to the shortest round-trip text if 8 places would change the value. */
export function decimal8(value: number): string {
  const fixed = value.toFixed(8);
  return Number(fixed) === value ? fixed : String(value);
}

/** An integer count of 1e-8 units as an exact decimal string (no float rounding on the way). */
export function unitsToDecimal8(units: number): string {
  const whole = Math.floor(units / 1e8);
  const frac = units - whole * 1e8;
  return `${whole}.${String(frac).padStart(8, '0')}`;
}

/** A Binance API error: HTTP status plus the `{code, msg}` body the real API sends. */
export class BinanceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }

  body(): string {
    return JSON.stringify({ code: this.code, msg: this.message });
  }
}

export const binanceErrors = {
  invalidSymbol: () => new BinanceApiError(400, -1121, 'Invalid symbol.'),
  invalidInterval: () => new BinanceApiError(400, -1120, 'Invalid interval.'),
  mandatory: (name: string) => new BinanceApiError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  badParameter: (name: string) => new BinanceApiError(400, -1130, `Data sent for parameter '${name}' is not valid.`),
  startAfterEnd: () => new BinanceApiError(400, -1023, 'Start time is greater than end time.'),
  windowTooLong: () => new BinanceApiError(400, -1127, 'More than 1 hours between startTime and endTime.'),
  badCombination: () => new BinanceApiError(400, -1128, 'Combination of optional parameters invalid.'),
  tooManyRequests: () =>
    new BinanceApiError(
      429,
      -1003,
      'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.',
    ),
  internal: (status: number) => new BinanceApiError(status, -1001, 'Internal error; unable to process your request. Please try again.'),
};

/** Parsed query of one request with Binance's validation rules for the common parameters. */
export class BinanceQuery {
  constructor(private readonly params: URLSearchParams) {}

  string(name: string): string | undefined {
    const v = this.params.get(name);
    return v === null || v === '' ? undefined : v;
  }

  required(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw binanceErrors.mandatory(name);
    return v;
  }

  integer(name: string): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw binanceErrors.badParameter(name);
    return Number(v);
  }

  /** `limit` with Binance's default and maximum; out of range is an error, as on the real API. */
  limit(defaultLimit: number, maxLimit: number): number {
    const v = this.integer('limit') ?? defaultLimit;
    if (v < 1 || v > maxLimit) throw binanceErrors.badParameter('limit');
    return v;
  }

  /** startTime/endTime, both optional, validated as a window. */
  window(): { startTime?: number; endTime?: number } {
    const startTime = this.integer('startTime');
    const endTime = this.integer('endTime');
    if (startTime !== undefined && endTime !== undefined && startTime > endTime) throw binanceErrors.startAfterEnd();
    return { startTime, endTime };
  }
}

/**
 * Binance's paging rule shared by klines, fundingRate and openInterestHist over an ascending index [0, count):
 * with startTime, the first `limit` rows at/after it (and ≤ endTime); without, the last `limit` rows ≤ endTime (or overall).
 * `firstAtOrAfter(t)` is the index of the first row with time ≥ t.
 */
export function binancePage(
  count: number,
  firstAtOrAfter: (timeMs: number) => number,
  window: { startTime?: number; endTime?: number },
  limit: number,
): [from: number, to: number] {
  const end = window.endTime === undefined ? count : firstAtOrAfter(window.endTime + 1);
  if (window.startTime !== undefined) {
    const from = firstAtOrAfter(window.startTime);
    return [from, Math.max(from, Math.min(end, from + limit))];
  }
  return [Math.max(0, end - limit), end];
}
