export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '1w'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function timeframeToMs(timeframe: string): number {
  const match = /^(\d+)([mhdw])$/.exec(timeframe);
  if (!match || !(TIMEFRAMES as readonly string[]).includes(timeframe)) {
    throw new Error(`unknown timeframe '${timeframe}'; expected one of ${TIMEFRAMES.join(', ')}`);
  }
  return Number(match[1]) * UNIT_MS[match[2]];
}
