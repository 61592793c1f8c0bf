import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { fundingRateFeatures } from './funding-rate';

const H = 3_600_000;
const f64 = (xs: number[]) => new Float64Array(xs);

describe('fundingRateFeatures', () => {
  it('passes the level through and takes its difference over `bars` bars', () => {
    const { level, change } = fundingRateFeatures(f64([0.0001, 0.0001, 0.0003, 0.0003, -0.0002]), singleRun(5), 2);
    expect(Array.from(level)).toEqual([0.0001, 0.0001, 0.0003, 0.0003, -0.0002]);
    expect(Array.from(change)).toEqual([NaN, NaN, 0.0003 - 0.0001, 0.0003 - 0.0001, -0.0002 - 0.0003]);
  });

  it('is NaN before the first known rate; the change does not span a gap', () => {
    const runStart = contiguousRunStarts(f64([0, 1, 2, 3, 9, 10].map((h) => h * H)), H);
    const { level, change } = fundingRateFeatures(f64([NaN, 1, 2, 4, 8, 16]), runStart, 1);
    expect(Array.from(level)).toEqual([NaN, 1, 2, 4, 8, 16]);
    expect(Array.from(change)).toEqual([NaN, NaN, 1, 2, NaN, 8]);
  });

  it('keeps ±Infinity out of both columns', () => {
    const { level, change } = fundingRateFeatures(f64([1, Infinity, 1]), singleRun(3), 1);
    expect(Array.from(level)).toEqual([1, NaN, 1]);
    expect(Array.from(change)).toEqual([NaN, NaN, NaN]);
  });

  it('rejects a span below 1', () => {
    expect(() => fundingRateFeatures(f64([1]), singleRun(1), 0)).toThrow(/integer >= 1/);
  });
});
