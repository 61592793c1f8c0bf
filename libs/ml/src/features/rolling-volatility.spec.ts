import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { rollingVolatility } from './rolling-volatility';

const H = 3_600_000;

describe('rollingVolatility', () => {
  it('is exactly 0 for constant growth, first defined after `window` returns', () => {
    const close = new Float64Array(Array.from({ length: 8 }, (_, i) => 2 ** i));
    const vol = rollingVolatility(close, singleRun(8), 4);
    expect(Array.from(vol)).toEqual([NaN, NaN, NaN, NaN, 0, 0, 0, 0]);
  });

  it('is the sample std of alternating returns ±a', () => {
    const a = 0.1;
    const close = new Float64Array(Array.from({ length: 10 }, (_, i) => Math.exp(i % 2 === 0 ? 0 : a)));
    const vol = rollingVolatility(close, singleRun(10), 4);
    // Four returns a, −a, a, −a: mean 0, sample variance 4a²/3.
    expect(vol[4]).toBeCloseTo(Math.sqrt((4 * a * a) / 3), 14);
    expect(vol[9]).toBeCloseTo(Math.sqrt((4 * a * a) / 3), 14);
  });

  it('restarts after a gap: needs window + 1 bars after it', () => {
    const hours = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12];
    const close = new Float64Array(hours.map((h) => 2 ** h));
    const vol = rollingVolatility(close, contiguousRunStarts(new Float64Array(hours.map((h) => h * H)), H), 3);
    expect(Array.from(vol)).toEqual([NaN, NaN, NaN, 0, 0, 0, NaN, NaN, NaN, 0, 0, 0]);
  });
});
