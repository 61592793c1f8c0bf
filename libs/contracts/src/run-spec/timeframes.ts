/** Candle timeframes Ares accepts, in the exchange / freqtrade spelling. */
export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '1w'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export function isTimeframe(value: unknown): value is Timeframe {
  return typeof value === 'string' && (TIMEFRAMES as readonly string[]).includes(value);
}

/** Validates a timeframe; the error names the bad value and lists the accepted ones. */
export function parseTimeframe(value: unknown): Timeframe {
  if (!isTimeframe(value)) {
    throw new RangeError(`Unknown timeframe ${JSON.stringify(value)}: expected one of ${TIMEFRAMES.join(', ')}`);
  }
  return value;
}

/** Length of one bar in milliseconds, e.g. '1h' → 3_600_000. */
export function timeframeToMs(value: unknown): number {
  const tf = parseTimeframe(value);
  const unit = tf[tf.length - 1] as keyof typeof UNIT_MS;
  return Number(tf.slice(0, -1)) * UNIT_MS[unit];
}
