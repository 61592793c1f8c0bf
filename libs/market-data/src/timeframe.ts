/** Timeframes are part of the RunSpec vocabulary; market-data uses the one definition in contracts. */
export { TIMEFRAMES, isTimeframe, parseTimeframe, timeframeToMs } from '@ares/contracts';
export type { Timeframe } from '@ares/contracts';
