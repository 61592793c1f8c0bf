import { isTimeframe, parseTimeframe, TIMEFRAMES, timeframeToMs } from './timeframe';

describe('timeframe', () => {
  it('converts every accepted timeframe to milliseconds', () => {
    const expected = [1, 3, 5, 15, 30, 60, 120, 240, 360, 480, 720, 1440, 10080].map((m) => m * 60_000);
    expect(TIMEFRAMES.map(timeframeToMs)).toEqual(expected);
  });

  it('rejects unknown values with an error naming the value and the accepted ones', () => {
    expect(() => timeframeToMs('2m')).toThrow(/Unknown timeframe "2m": expected one of 1m, 3m, 5m/);
    expect(() => parseTimeframe('1H')).toThrow(/"1H"/);
    expect(() => parseTimeframe(60)).toThrow(/Unknown timeframe 60/);
    expect(isTimeframe('1M')).toBe(false);
    expect(isTimeframe('4h')).toBe(true);
  });
});
