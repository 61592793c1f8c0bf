import { resolve } from 'node:path';
import { FileMarketDataSource, timeframeToMs } from '@ares/market-data';
import { candlesFrom, HOUR, T0 } from '../testing/test-candles';
import { checkCandles } from './check-candles';

const DATA_DIR = resolve(__dirname, '../../../../data/market/binance-spot-2023');
const at = (hours: number[]) => hours.map((h) => T0 + h * HOUR);
const iso = (hour: number) => new Date(T0 + hour * HOUR).toISOString();
const flat = (n: number) => Array.from({ length: n }, () => 100);

async function real(timeframe: string) {
  return new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({
    exchange: 'binance',
    symbol: 'BTC/USDT',
    timeframe,
    fromMs: 0,
    toMs: 2e12,
  });
}

describe('checkCandles', () => {
  it('passes clean data with no findings', () => {
    const r = checkCandles(candlesFrom({ close: [1, 2, 3, 4] }), HOUR);
    expect(r).toEqual({
      passed: true,
      findings: [],
      findingsOmitted: 0,
      mask: new Uint8Array([1, 1, 1, 1]),
      fatalReasons: [],
      metrics: {
        rows: 4,
        gaps: 0,
        missingBars: 0,
        longGaps: 0,
        duplicates: 0,
        nonFinite: 0,
        ohlcInconsistent: 0,
        negativeVolume: 0,
        nonMonotonic: 0,
        misaligned: 0,
        maskedRows: 0,
        coverage: 1,
        expectedBars: 4,
        segments: 1,
        longestGapHours: 0,
      },
    });
  });

  describe('gaps', () => {
    it('an isolated gap is masked (reported at its first missing bar), rows stay usable', () => {
      const r = checkCandles(candlesFrom({ close: flat(4), timestamps: at([0, 1, 3, 4]) }), HOUR);
      expect(r.passed).toBe(true);
      expect(r.findings).toEqual([
        {
          kind: 'gap',
          timestamp: T0 + 2 * HOUR,
          isoTime: iso(2),
          row: 2,
          bars: 1,
          endTimestamp: T0 + 3 * HOUR,
          endIsoTime: iso(3),
          action: 'masked',
          detail: `1 missing bar between ${iso(1)} and ${iso(3)}`,
        },
      ]);
      expect(r.mask).toEqual(new Uint8Array([1, 1, 1, 1]));
      expect(r.metrics).toMatchObject({ gaps: 1, missingBars: 1, longGaps: 0, coverage: 4 / 5 });
    });

    it('a long gap fails by default, with a reason naming its time', () => {
      const r = checkCandles(candlesFrom({ close: flat(3), timestamps: at([0, 1, 6]) }), HOUR);
      expect(r.passed).toBe(false);
      expect(r.findings[0]).toMatchObject({ kind: 'gap', bars: 4, action: 'fatal', isoTime: iso(2) });
      expect(r.fatalReasons).toEqual([
        `gap at ${iso(2)} (row 2): 4 missing bars between ${iso(1)} and ${iso(6)} (long gap: more than maxIsolatedGapBars = 3)`,
      ]);
      expect(r.metrics).toMatchObject({ gaps: 1, missingBars: 4, longGaps: 1 });
    });

    it("a long gap passes with onLongGap 'mask'; the threshold is configurable", () => {
      const candles = candlesFrom({ close: flat(3), timestamps: at([0, 1, 6]) });
      const masked = checkCandles(candles, HOUR, { onLongGap: 'mask' });
      expect(masked.passed).toBe(true);
      expect(masked.findings[0].action).toBe('masked');
      expect(checkCandles(candles, HOUR, { maxIsolatedGapBars: 4 }).passed).toBe(true);
      expect(checkCandles(candlesFrom({ close: flat(3), timestamps: at([0, 1, 3]) }), HOUR, { maxIsolatedGapBars: 0 }).passed).toBe(false);
    });
  });

  describe('order', () => {
    it('timestamps going backwards are always fatal', () => {
      const r = checkCandles(candlesFrom({ close: flat(4), timestamps: at([0, 2, 1, 3]) }), HOUR, { onInvalidRow: 'mask', onLongGap: 'mask' });
      expect(r.passed).toBe(false);
      expect(r.findings.map((f) => [f.kind, f.row, f.action])).toEqual([
        ['gap', 1, 'masked'],
        ['non-monotonic', 2, 'fatal'],
      ]);
      expect(r.fatalReasons[0]).toBe(
        `non-monotonic at ${iso(1)} (row 2): timestamp goes backwards: row 2 opens at ${iso(1)}, before row 1 at ${iso(2)}`,
      );
      expect(r.metrics.nonMonotonic).toBe(1);
      expect(r.mask).toEqual(new Uint8Array([1, 1, 0, 1]));
    });

    it('an identical duplicate masks the later copy; a conflicting one masks both', () => {
      const same = checkCandles(candlesFrom({ close: [1, 2, 2, 3], timestamps: at([0, 1, 1, 2]) }), HOUR);
      expect(same.passed).toBe(true);
      expect(same.findings).toEqual([
        {
          kind: 'duplicate',
          timestamp: T0 + HOUR,
          isoTime: iso(1),
          row: 2,
          action: 'masked',
          detail: 'duplicate of row 1 with identical values; the later copy is masked',
        },
      ]);
      expect(same.mask).toEqual(new Uint8Array([1, 1, 0, 1]));
      expect(same.metrics).toMatchObject({ duplicates: 1, maskedRows: 1, coverage: 1 });

      const conflicting = checkCandles(candlesFrom({ close: [1, 2, 5, 3], timestamps: at([0, 1, 1, 2]) }), HOUR);
      expect(conflicting.mask).toEqual(new Uint8Array([1, 0, 0, 1]));
      expect(conflicting.findings[0].detail).toMatch(/^duplicate of row 1 with different values \(.*close=2.* vs .*close=5.*\); both are masked$/);
    });

    it("duplicates are fatal with onInvalidRow 'fail'", () => {
      const r = checkCandles(candlesFrom({ close: [1, 2, 2], timestamps: at([0, 1, 1]) }), HOUR, { onInvalidRow: 'fail' });
      expect(r.passed).toBe(false);
      expect(r.findings[0]).toMatchObject({ kind: 'duplicate', action: 'fatal' });
    });

    it('steps that are not whole bars are fatal', () => {
      const r = checkCandles(candlesFrom({ close: flat(3), timestamps: at([0, 1, 1.5]) }), HOUR);
      expect(r.passed).toBe(false);
      expect(r.findings[0]).toMatchObject({
        kind: 'misaligned',
        row: 2,
        action: 'fatal',
        detail: `step of 1800000 ms from ${iso(1)} is not a whole number of 3600000 ms bars`,
      });
    });
  });

  describe('row content', () => {
    it('NaN / ±Inf in any column is masked, one finding per row naming the columns', () => {
      const c = candlesFrom({
        close: [1, NaN, 3, 4],
        open: [1, 1, 3, 4],
        volume: [1, Infinity, 1, 1],
        timestamps: [T0, T0 + HOUR, NaN, T0 + 3 * HOUR],
      });
      const r = checkCandles(c, HOUR);
      expect(r.passed).toBe(true);
      expect(r.findings.map((f) => [f.kind, f.row, f.isoTime, f.detail, f.action])).toEqual([
        ['non-finite', 1, iso(1), 'non-finite high=NaN, low=NaN, close=NaN, volume=Infinity', 'masked'],
        ['non-finite', 2, 'invalid(NaN)', 'non-finite timestamp=NaN', 'masked'],
        ['gap', 3, iso(2), `1 missing bar between ${iso(1)} and ${iso(3)}`, 'masked'],
      ]);
      expect(r.mask).toEqual(new Uint8Array([1, 0, 0, 1]));
      expect(r.metrics).toMatchObject({ nonFinite: 2, maskedRows: 2 });
    });

    it('inconsistent OHLC is masked', () => {
      const r = checkCandles(
        candlesFrom({
          open: [10, 10, 10, 10, 10],
          close: [11, 11, 11, 11, 11],
          high: [12, 10.5, 12, 11, 9],
          low: [9, 9, 10.5, 9, 12],
        }),
        HOUR,
      );
      // row 1: high < close; row 2: low > open; row 3: high == close is fine; row 4: low > high.
      expect(r.findings.map((f) => [f.kind, f.row])).toEqual([
        ['ohlc-inconsistent', 1],
        ['ohlc-inconsistent', 2],
        ['ohlc-inconsistent', 4],
      ]);
      expect(r.findings[0].detail).toBe(
        'OHLC inconsistent (open=10 high=10.5 low=9 close=11 volume=1): need low <= min(open, close), max(open, close) <= high',
      );
      expect(r.metrics.ohlcInconsistent).toBe(3);
      expect(r.mask).toEqual(new Uint8Array([1, 0, 0, 1, 0]));
    });

    it("negative volume is masked, or fatal with onInvalidRow 'fail'", () => {
      const c = candlesFrom({ close: [1, 2, 3], volume: [1, -0.5, 0] });
      const r = checkCandles(c, HOUR);
      expect(r.findings).toEqual([
        { kind: 'negative-volume', timestamp: T0 + HOUR, isoTime: iso(1), row: 1, action: 'masked', detail: 'negative volume -0.5' },
      ]);
      expect(r.metrics.negativeVolume).toBe(1);
      const failing = checkCandles(c, HOUR, { onInvalidRow: 'fail' });
      expect(failing.passed).toBe(false);
      expect(failing.fatalReasons).toEqual([`negative-volume at ${iso(1)} (row 1): negative volume -0.5`]);
    });
  });

  it('lists at most maxFindings findings but counts them all, and still fails', () => {
    const n = 10;
    const r = checkCandles(candlesFrom({ close: flat(n), volume: Array.from({ length: n }, () => -1) }), HOUR, {
      maxFindings: 3,
      onInvalidRow: 'fail',
    });
    expect(r.findings).toHaveLength(3);
    expect(r.findingsOmitted).toBe(7);
    expect(r.metrics.negativeVolume).toBe(10);
    expect(r.fatalReasons).toHaveLength(4);
    expect(r.fatalReasons[3]).toBe('7 more fatal findings not listed (see metrics)');
    expect(checkCandles(candlesFrom({ close: [1], volume: [-1] }), HOUR, { maxFindings: 0, onInvalidRow: 'fail' }).passed).toBe(false);
  });

  it('fails on no candles and rejects a bad policy by name', () => {
    expect(checkCandles(candlesFrom({ close: [] }), HOUR).fatalReasons).toEqual(['no candles to check']);
    expect(() => checkCandles(candlesFrom({ close: [1] }), HOUR, { maxIsolatedGapBars: -1 })).toThrow(
      'quality policy maxIsolatedGapBars must be an integer >= 0, got -1',
    );
    expect(() => checkCandles(candlesFrom({ close: [1] }), HOUR, { onLongGap: 'ignore' as 'fail' })).toThrow(
      /onLongGap must be 'fail' or 'mask', got "ignore"/,
    );
  });

  describe('real Binance BTC/USDT 2023 sample', () => {
    it('1h passes with the default policy and reports exactly the one-bar outage gap', async () => {
      const r = checkCandles(await real('1h'), timeframeToMs('1h'));
      expect(r.passed).toBe(true);
      // 2023-03-24 12:00 is the last bar before the outage, 14:00 the first after it: 13:00 is missing.
      expect(r.findings).toEqual([
        {
          kind: 'gap',
          timestamp: 1679662800000,
          isoTime: '2023-03-24T13:00:00.000Z',
          row: 1981,
          bars: 1,
          endTimestamp: 1679666400000,
          endIsoTime: '2023-03-24T14:00:00.000Z',
          action: 'masked',
          detail: '1 missing bar between 2023-03-24T12:00:00.000Z and 2023-03-24T14:00:00.000Z',
        },
      ]);
      expect(r.metrics).toMatchObject({ rows: 8998, gaps: 1, missingBars: 1, longGaps: 0, maskedRows: 0, coverage: 8998 / 8999 });
    });

    it('5m fails by default on the 16-bar outage, naming its time, and passes when long gaps are masked', async () => {
      const candles = await real('5m');
      const r = checkCandles(candles, timeframeToMs('5m'));
      expect(r.passed).toBe(false);
      expect(r.fatalReasons).toEqual([
        'gap at 2023-03-24T12:40:00.000Z (row 23768): 16 missing bars between 2023-03-24T12:35:00.000Z and 2023-03-24T14:00:00.000Z (long gap: more than maxIsolatedGapBars = 3)',
      ]);
      const masked = checkCandles(candles, timeframeToMs('5m'), { onLongGap: 'mask' });
      expect(masked.passed).toBe(true);
      expect(masked.metrics).toMatchObject({ rows: 104816, gaps: 1, missingBars: 16, longGaps: 1 });
    });
  });
});
