import { contiguousRunStarts } from './contiguous-runs';
import { openInterestChange } from './open-interest-change';

const H = 3_600_000;

describe('openInterestChange', () => {
  it('is the log change of open interest over the horizon, NaN across a gap and for non-positive values', () => {
    const runStart = contiguousRunStarts(new Float64Array([0, 1, 2, 3, 6, 7].map((h) => h * H)), H);
    const oi = new Float64Array([1000, 1100, 1210, 0, 500, 1000]);
    expect(Array.from(openInterestChange(oi, runStart, 1))).toEqual([NaN, Math.log(1.1), Math.log(1.1), NaN, NaN, Math.LN2]);
    expect(Array.from(openInterestChange(oi, runStart, 2))).toEqual([NaN, NaN, Math.log(1.21), NaN, NaN, NaN]);
  });
});
