import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { vwapDistance } from './vwap-distance';

const H = 3_600_000;
const f64 = (xs: number[]) => new Float64Array(xs);

describe('vwapDistance', () => {
  it('is close / VWAP − 1 with VWAP of the typical price weighted by volume (hand-computed)', () => {
    // Typical prices 10 (h 12, l 8, c 10), 20 (flat), 30 (flat); volumes 1, 3, 0.
    const high = f64([12, 20, 30]);
    const low = f64([8, 20, 30]);
    const close = f64([10, 20, 30]);
    const out = vwapDistance(high, low, close, f64([1, 3, 0]), singleRun(3), 2);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeCloseTo(20 / ((10 * 1 + 20 * 3) / 4) - 1, 15); // 20 / 17.5 − 1 = 1/7
    expect(out[2]).toBeCloseTo(30 / 20 - 1, 15); // the zero-volume bar adds no weight
  });

  it('is NaN when the window traded nothing', () => {
    const flat = f64([5, 5, 5]);
    expect(Array.from(vwapDistance(flat, flat, flat, f64([0, 0, 2]), singleRun(3), 2))).toEqual([NaN, NaN, 0]);
  });

  it('restarts after a gap and after a NaN volume', () => {
    const runStart = contiguousRunStarts(f64([0, 1, 2, 8, 9, 10, 11].map((h) => h * H)), H);
    const close = f64([1, 1, 1, 4, 4, 4, 4]);
    const out = vwapDistance(close, close, close, f64([1, 1, 1, 1, 1, NaN, 1]), runStart, 2);
    expect(Array.from(out)).toEqual([NaN, 0, 0, NaN, 0, NaN, NaN]);
  });
});
