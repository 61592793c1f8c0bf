import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { ema } from './ema';

const H = 3_600_000;

describe('ema (TA-Lib seeded)', () => {
  it('seeds with the mean of the first `period` values, then smooths with α = 2 / (period + 1)', () => {
    // period 3 → α = 0.5: seed (1 + 2 + 3) / 3 = 2; then 0.5·4 + 0.5·2 = 3; 0.5·10 + 0.5·3 = 6.5.
    expect(Array.from(ema(new Float64Array([1, 2, 3, 4, 10]), singleRun(5), 3))).toEqual([NaN, NaN, 2, 3, 6.5]);
  });

  it('is the value itself for period 1 and constant for a constant series', () => {
    expect(Array.from(ema(new Float64Array([3, 1, 4]), singleRun(3), 1))).toEqual([3, 1, 4]);
    expect(Array.from(ema(new Float64Array(6).fill(7), singleRun(6), 4).subarray(3))).toEqual([7, 7, 7]);
  });

  it('restarts after a gap and after a non-finite value', () => {
    const runStart = contiguousRunStarts(new Float64Array([0, 1, 2, 5, 6, 7, 8, 9].map((h) => h * H)), H);
    const out = ema(new Float64Array([1, 3, 5, 100, 102, NaN, 8, 10]), runStart, 2);
    // period 2 → α = 2/3; run 1: seed 2, then 2/3·5 + 1/3·2 = 4; run 2: seed 101; NaN restarts: seed 9.
    expect(out[2]).toBeCloseTo(4, 14);
    expect(Array.from(out).filter((_, i) => i !== 2)).toEqual([NaN, 2, NaN, 101, NaN, NaN, 9]);
  });

  it('rejects periods below 1', () => {
    expect(() => ema(new Float64Array(1), singleRun(1), 0)).toThrow(/integer >= 1/);
  });
});
