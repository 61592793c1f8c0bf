import { resolve } from 'node:path';
import { FileMarketDataSource, timeframeToMs } from '@ares/market-data';
import { HOUR, randomWalkCandles, seededRandom, T0, withGaps } from '../testing/test-candles';
import { checkCandles } from './check-candles';

const DATA_DIR = resolve(__dirname, '../../../../data/market/binance-spot-2023');
const YEAR_BARS = 365 * 24;
const iso = (ms: number) => new Date(ms).toISOString();
/** Open time of row `row` of the gap-free series. */
const bar = (row: number) => T0 + row * HOUR;

/** Three years of 1h bars with a 5 h, a 33 h (like Binance's 2018-02-08 maintenance) and a two-day outage. */
function threeYearsWithOutages() {
  const gaps = [
    { atRow: 5_000, bars: 5 },
    { atRow: 12_000, bars: 33 },
    { atRow: 20_000, bars: 48 },
  ];
  const full = 3 * YEAR_BARS;
  return { candles: withGaps(randomWalkCandles(full, seededRandom(11)), gaps), gaps, range: { fromMs: T0, toMs: bar(full) } };
}

describe("checkCandles, gap mode 'segment'", () => {
  it('makes every gap, of hours or of days, a reported segment boundary with its start, end and length', () => {
    const { candles, gaps, range } = threeYearsWithOutages();
    const r = checkCandles(candles, HOUR, { gapMode: 'segment' }, range);
    expect(r.passed).toBe(true);
    expect(r.fatalReasons).toEqual([]);
    expect(r.findings).toEqual(
      gaps.map(({ atRow, bars }, k) => ({
        kind: 'gap',
        timestamp: bar(atRow),
        isoTime: iso(bar(atRow)),
        endTimestamp: bar(atRow + bars),
        endIsoTime: iso(bar(atRow + bars)),
        // The row after the gap, in the gappy series: earlier gaps removed rows before it.
        row: atRow - gaps.slice(0, k).reduce((sum, g) => sum + g.bars, 0),
        bars,
        action: 'segment',
        detail: `${bars} missing bars between ${iso(bar(atRow - 1))} and ${iso(bar(atRow + bars))} (${bars} h): a segment boundary`,
      })),
    );
    // Rows stay usable: the boundary is in the timestamps, which every later stage reads.
    expect(r.mask.every((v) => v === 1)).toBe(true);
    expect(r.metrics).toMatchObject({
      gaps: 3,
      missingBars: 86,
      segments: 4,
      longestGapHours: 48,
      expectedBars: 3 * YEAR_BARS,
      coverage: (3 * YEAR_BARS - 86) / (3 * YEAR_BARS),
    });
  });

  it('the same data fail the strict by-length policy (gapPolicy "mask")', () => {
    const { candles, range } = threeYearsWithOutages();
    const r = checkCandles(candles, HOUR, {}, range);
    expect(r.passed).toBe(false);
    expect(r.fatalReasons).toHaveLength(3);
    expect(r.fatalReasons[1]).toBe(
      `gap at ${iso(bar(12_000))} (row 11995): 33 missing bars between ${iso(bar(11_999))} and ${iso(bar(12_033))} (long gap: more than maxIsolatedGapBars = 3)`,
    );
  });

  it('fails on a gap longer than maxGapHours, naming it; with several, also names the longest', () => {
    const { candles, range } = threeYearsWithOutages();
    const r = checkCandles(candles, HOUR, { gapMode: 'segment', maxGapHours: 24 }, range);
    expect(r.passed).toBe(false);
    expect(r.fatalReasons).toEqual([
      `gap at ${iso(bar(12_000))} (row 11995): 33 missing bars between ${iso(bar(11_999))} and ${iso(bar(12_033))} (33 h): longer than maxGapHours = 24`,
      `gap at ${iso(bar(20_000))} (row 19962): 48 missing bars between ${iso(bar(19_999))} and ${iso(bar(20_048))} (48 h): longer than maxGapHours = 24`,
      `2 gaps are longer than maxGapHours = 24; the longest, 48 h (48 bars), runs from ${iso(bar(20_000))} to ${iso(bar(20_048))}`,
    ]);
    expect(r.findings.map((f) => f.action)).toEqual(['segment', 'fatal', 'fatal']);

    // Default maxGapHours is 72: four days of missing data fail.
    const fourDays = withGaps(randomWalkCandles(2 * YEAR_BARS, seededRandom(12)), [{ atRow: 9_000, bars: 96 }]);
    const long = checkCandles(fourDays, HOUR, { gapMode: 'segment' });
    expect(long.passed).toBe(false);
    expect(long.fatalReasons).toEqual([
      `gap at ${iso(bar(9_000))} (row 9000): 96 missing bars between ${iso(bar(8_999))} and ${iso(bar(9_096))} (96 h): longer than maxGapHours = 72`,
    ]);
  });

  it('fails when coverage of the asked range is below minCoverage, naming found and required', () => {
    const { candles, range } = threeYearsWithOutages();
    // Ask for a fourth year the data do not have.
    const r = checkCandles(candles, HOUR, { gapMode: 'segment' }, { fromMs: range.fromMs, toMs: bar(4 * YEAR_BARS) });
    expect(r.passed).toBe(false);
    const present = 3 * YEAR_BARS - 86;
    expect(r.metrics.coverage).toBeCloseTo(present / (4 * YEAR_BARS), 12);
    expect(r.fatalReasons).toEqual([
      `coverage ${(present / (4 * YEAR_BARS)).toFixed(4)} is below minCoverage 0.98: ${present} of the ${4 * YEAR_BARS} bars expected in ` +
        `[${iso(T0)}, ${iso(bar(4 * YEAR_BARS))}) are present (first bar ${iso(T0)}, last bar ${iso(bar(3 * YEAR_BARS - 1))}, 86 missing in 3 gaps)`,
    ]);
    expect(checkCandles(candles, HOUR, { gapMode: 'segment', minCoverage: 0.7 }, { fromMs: range.fromMs, toMs: bar(4 * YEAR_BARS) }).passed).toBe(
      true,
    );
  });

  it('rejects bad minCoverage, maxGapHours and gapMode by name', () => {
    const c = randomWalkCandles(10, seededRandom(1));
    expect(() => checkCandles(c, HOUR, { minCoverage: 1.5 })).toThrow(/minCoverage must be a number in \[0, 1\], got 1.5/);
    expect(() => checkCandles(c, HOUR, { maxGapHours: 0 })).toThrow(/maxGapHours must be a number > 0, got 0/);
    expect(() => checkCandles(c, HOUR, { gapMode: 'split' as 'segment' })).toThrow(/gapMode must be 'by-length' or 'segment'/);
  });

  it.each([
    ['15m', 5, '2023-03-24T12:45:00.000Z', '2023-03-24T14:00:00.000Z'],
    ['5m', 16, '2023-03-24T12:40:00.000Z', '2023-03-24T14:00:00.000Z'],
  ])('the real 2023 %s sample passes, reporting the 2023-03-24 outage as a boundary', async (timeframe, bars, start, end) => {
    const candles = await new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe,
      fromMs: Date.parse('2023-01-01'),
      toMs: Date.parse('2024-01-01'),
    });
    const tf = timeframeToMs(timeframe);
    const r = checkCandles(candles, tf, { gapMode: 'segment' }, { fromMs: Date.parse('2023-01-01'), toMs: Date.parse('2024-01-01') });
    expect(r.passed).toBe(true);
    expect(r.findings).toEqual([expect.objectContaining({ kind: 'gap', action: 'segment', bars, isoTime: start, endIsoTime: end })]);
    expect(checkCandles(candles, tf).passed).toBe(false); // the strict default still fails it
  });
});
