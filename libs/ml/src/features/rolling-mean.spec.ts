import { seededRandom } from '../testing/test-candles';
import { singleRun } from './contiguous-runs';
import { rollingMean } from './rolling-mean';

const f64 = (xs: number[]) => new Float64Array(xs);

describe('rollingMean', () => {
  it('computes known values, NaN before the window is full', () => {
    expect(Array.from(rollingMean(f64([1, 2, 3, 4, 6]), singleRun(5), 3))).toEqual([NaN, NaN, 2, 3, 13 / 3]);
    expect(Array.from(rollingMean(f64([5, -1, 7]), singleRun(3), 1))).toEqual([5, -1, 7]);
  });

  it('restarts at a run start and after a non-finite value', () => {
    const runStart = new Int32Array([0, 0, 0, 3, 3, 3, 3, 3, 3]);
    const mean = rollingMean(f64([1, 2, 3, 10, 20, NaN, 5, 7, Infinity]), runStart, 2);
    expect(Array.from(mean)).toEqual([NaN, 1.5, 2.5, NaN, 15, NaN, NaN, 6, NaN]);
  });

  it('does not drift over a long series of values of mixed magnitude', () => {
    const random = seededRandom(11);
    const n = 200_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = (random() < 0.01 ? 1e8 : 1) * (random() - 0.3);
    const mean = rollingMean(values, singleRun(n), 24);
    for (const i of [23, 1000, 99_999, n - 1]) {
      let sum = 0;
      for (let k = i - 23; k <= i; k++) sum += values[k];
      expect(Math.abs(mean[i] - sum / 24)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(sum)));
    }
  });

  it('rejects windows below 1', () => {
    expect(() => rollingMean(f64([1]), singleRun(1), 0)).toThrow(/integer >= 1/);
  });
});
