/** Timeframes are part of the RunSpec vocabulary; market-data uses the one definition in contracts. */
export { TIMEFRAMES, isTimeframe, parseTimeframe, timeframeToMs } from '../../contracts/src/run-spec/timeframes';
export type { Timeframe } from '../../contracts/src/run-spec/timeframes';
