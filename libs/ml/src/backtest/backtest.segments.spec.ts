import { rollingVolatility } from '../features/rolling-volatility';
import { contiguousRunStarts } from '../features/contiguous-runs';
import { candlesFrom, HOUR, randomWalkCandles, seededRandom, T0, withGaps } from '../testing/test-candles';
import { backtest, BacktestOptions } from './backtest';

const COSTS = { takerFeeBps: 10, slippageBps: 5 };
const BUY = (1 + 0.0005) * (1 + 0.001);
const SELL = (1 - 0.0005) * (1 - 0.001);
const options = (o: Partial<BacktestOptions> = {}): BacktestOptions => ({
  costs: COSTS,
  barrier: { kTp: 5, kSl: 5, horizonBars: 10 },
  barsPerYear: 100,
  ...o,
});
const at = (hours: number[]) => hours.map((h) => T0 + h * HOUR);

describe('backtest across segment boundaries (gaps in the timestamps)', () => {
  // Bars 0..2, then a 5 h outage, then bars 8..10. Wide barriers: only the gap or the end closes a position.
  const c = candlesFrom({ close: [100, 101, 102, 110, 111, 112], timestamps: at([0, 1, 2, 8, 9, 10]) });
  const sigma = new Float64Array(6).fill(0.1); // barriers at ±50 %

  it('closes a position at the close of the last bar before a gap, paying exit costs, and may re-enter after it', () => {
    const r = backtest(c, sigma, new Uint8Array([1, 0, 0, 1, 0, 0]), 0, 6, options({ timeframeMs: HOUR }));
    expect(r.trades.map((t) => [t.entryIndex, t.exitIndex, t.exitReason, t.exitPrice])).toEqual([
      [0, 2, 'gap', 102],
      [3, 5, 'end', 112],
    ]);
    expect(r.trades[0].netReturn).toBeCloseTo((102 * SELL) / (100 * BUY) - 1, 14);
    // Flat over the outage: what the first trade left, then re-entered at bar 3's close (paying entry costs only).
    expect(r.equity[2]).toBeCloseTo((102 * SELL) / (100 * BUY), 14);
    expect(r.equity[3]).toBeCloseTo(r.equity[2] / BUY, 14);
  });

  it('never enters on the last bar before a gap', () => {
    const r = backtest(c, sigma, new Uint8Array([0, 0, 1, 0, 0, 0]), 0, 6, options({ timeframeMs: HOUR }));
    expect(r.trades).toEqual([]);
  });

  it('without timeframeMs a position is held through the gap (the old behaviour, kept for callers that ask for it)', () => {
    const r = backtest(c, sigma, new Uint8Array([1, 0, 0, 0, 0, 0]), 0, 6, options());
    expect(r.trades.map((t) => [t.entryIndex, t.exitIndex, t.exitReason])).toEqual([[0, 5, 'end']]);
  });

  it('rejects a bad timeframeMs', () => {
    expect(() => backtest(c, sigma, new Uint8Array(6), 0, 6, options({ timeframeMs: 0 }))).toThrow(/timeframeMs must be a positive number/);
  });

  it('on three years of 1h bars with gaps of hours and of days, no trade spans a gap and every segment end closes', () => {
    const gaps = [
      { atRow: 3_000, bars: 4 },
      { atRow: 9_000, bars: 33 },
      { atRow: 17_000, bars: 50 },
      { atRow: 24_000, bars: 1 },
    ];
    const candles = withGaps(randomWalkCandles(3 * 8_760, seededRandom(21)), gaps);
    const runStart = contiguousRunStarts(candles.timestamps, HOUR);
    const vol = rollingVolatility(candles.close, runStart, 24);
    const always = new Uint8Array(candles.length).fill(1);
    const r = backtest(candles, vol, always, 0, candles.length, {
      costs: COSTS,
      barrier: { kTp: 2, kSl: 2, horizonBars: 48 },
      barsPerYear: 8_760,
      timeframeMs: HOUR,
    });
    expect(r.trades.length).toBeGreaterThan(100);
    for (const t of r.trades) {
      // Contiguous in time from entry to exit: no missing bar in between.
      expect(candles.timestamps[t.exitIndex] - candles.timestamps[t.entryIndex]).toBe((t.exitIndex - t.entryIndex) * HOUR);
    }
    const gapExits = r.trades.filter((t) => t.exitReason === 'gap');
    expect(gapExits.length).toBeGreaterThan(0);
    for (const t of gapExits) expect(candles.timestamps[t.exitIndex + 1] - candles.timestamps[t.exitIndex]).toBeGreaterThan(HOUR);
  });
});
