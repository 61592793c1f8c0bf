import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { volumeZScore } from './volume-zscore';

const H = 3_600_000;

describe('volumeZScore', () => {
  it('matches known values', () => {
    // Window [10, 10, 10, 40]: mean 17.5, sample std 15 → z = 22.5 / 15 = 1.5.
    const z = volumeZScore(new Float64Array([10, 10, 10, 40, 1, 2, 3]), singleRun(7), 4);
    expect(Array.from(z.subarray(0, 3))).toEqual([NaN, NaN, NaN]);
    expect(z[3]).toBeCloseTo(1.5, 14);
    // Window [1, 2, 3] of size 3 would be z = 1; here window 4 [40, 1, 2, 3]: mean 11.5.
    expect(z[6]).toBeCloseTo((3 - 11.5) / Math.sqrt(((40 - 11.5) ** 2 + 10.5 ** 2 + 9.5 ** 2 + 8.5 ** 2) / 3), 12);
  });

  it('is 0 for constant volume, including zero volume', () => {
    const z = volumeZScore(new Float64Array([5, 900, 0, 0, 0]), singleRun(5), 3);
    expect(z[4]).toBe(0);
    expect(volumeZScore(new Float64Array(30), singleRun(30), 24)[29]).toBe(0);
  });

  it('restarts after a gap', () => {
    const hours = [0, 1, 2, 9, 10, 11];
    const runStart = contiguousRunStarts(new Float64Array(hours.map((h) => h * H)), H);
    const z = volumeZScore(new Float64Array([1, 2, 3, 1, 2, 3]), runStart, 3);
    expect(Array.from(z)).toEqual([NaN, NaN, 1, NaN, NaN, 1]);
  });
});
