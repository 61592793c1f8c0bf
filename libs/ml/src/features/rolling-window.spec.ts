import { seededRandom } from '../testing/test-candles';
import { singleRun } from './contiguous-runs';
import { rollingMeanStd } from './rolling-window';

const f64 = (xs: number[]) => new Float64Array(xs);

function naive(values: number[], window: number, i: number): { mean: number; std: number } {
  const w = values.slice(i - window + 1, i + 1);
  const mean = w.reduce((a, b) => a + b, 0) / window;
  return { mean, std: Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / (window - 1)) };
}

describe('rollingMeanStd', () => {
  it('computes known values, NaN before the window is full', () => {
    const { mean, std } = rollingMeanStd(f64([1, 2, 3, 4, 6]), singleRun(5), 3);
    expect(Array.from(mean)).toEqual([NaN, NaN, 2, 3, 13 / 3]);
    expect(std[2]).toBe(1);
    expect(std[3]).toBe(1);
    expect(std[4]).toBeCloseTo(Math.sqrt(((3 - 13 / 3) ** 2 + (4 - 13 / 3) ** 2 + (6 - 13 / 3) ** 2) / 2), 14);
    expect(std[0]).toBeNaN();
  });

  it('matches a naive two-pass computation on a long random series', () => {
    const random = seededRandom(7);
    const values = Array.from({ length: 5000 }, () => 1e4 + random() * 1e3);
    const { mean, std } = rollingMeanStd(f64(values), singleRun(values.length), 24);
    for (let i = 23; i < values.length; i += 97) {
      const expected = naive(values, 24, i);
      expect(mean[i]).toBeCloseTo(expected.mean, 8);
      expect(std[i] / expected.std).toBeCloseTo(1, 9);
    }
  });

  it('restarts at a run start and after a non-finite value', () => {
    const values = f64([1, 2, 3, 10, 20, NaN, 5, 7, 9]);
    const runStart = new Int32Array([0, 0, 0, 3, 3, 3, 3, 3, 3]);
    const { mean } = rollingMeanStd(values, runStart, 2);
    expect(Array.from(mean)).toEqual([NaN, 1.5, 2.5, NaN, 15, NaN, NaN, 6, 8]);
  });

  it('gives exactly 0 std for a window of equal values, even after large ones', () => {
    const { mean, std } = rollingMeanStd(f64([5, 1e9, 3, 7, 7, 7]), singleRun(6), 3);
    expect(std[5]).toBe(0);
    expect(mean[5]).toBe(7);
  });

  it('rejects windows that have no sample std', () => {
    expect(() => rollingMeanStd(f64([1]), singleRun(1), 1)).toThrow(/integer >= 2/);
  });
});
