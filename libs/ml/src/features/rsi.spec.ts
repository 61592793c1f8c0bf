import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { rsi } from './rsi';

const H = 3_600_000;
const series = (n: number, f: (i: number) => number) => new Float64Array(Array.from({ length: n }, (_, i) => f(i)));

describe('rsi (Wilder)', () => {
  it('is 100 for a rising series, 0 for a falling one, 50 for a flat one', () => {
    const n = 30;
    const up = rsi(
      series(n, (i) => 100 + i * i + i),
      singleRun(n),
      14,
    );
    expect(Array.from(up.subarray(0, 14)).every(Number.isNaN)).toBe(true);
    expect(Array.from(up.subarray(14))).toEqual(new Array(n - 14).fill(100));
    expect(
      Array.from(
        rsi(
          series(n, (i) => 100 - i),
          singleRun(n),
          14,
        ).subarray(14),
      ),
    ).toEqual(new Array(n - 14).fill(0));
    expect(
      Array.from(
        rsi(
          series(n, () => 7),
          singleRun(n),
          14,
        ).subarray(14),
      ),
    ).toEqual(new Array(n - 14).fill(50));
  });

  it('matches a hand computation (period 2)', () => {
    // Changes +1, −1, +2: seed avgGain = avgLoss = 0.5 → 50; then gain (0.5 + 2) / 2 = 1.25, loss 0.25 → 83.33…
    const out = rsi(new Float64Array([10, 11, 10, 12]), singleRun(4), 2);
    expect(Array.from(out.subarray(0, 3))).toEqual([NaN, NaN, 50]);
    expect(out[3]).toBeCloseTo((100 * 1.25) / 1.5, 12);
  });

  it('does not take a change across a gap', () => {
    const hours = [0, 1, 2, 5, 6, 7];
    const runStart = contiguousRunStarts(new Float64Array(hours.map((h) => h * H)), H);
    // Without gap awareness the drop 12 → 1 would make the first post-gap values < 100.
    const out = rsi(new Float64Array([10, 11, 12, 1, 2, 3]), runStart, 2);
    expect(Array.from(out)).toEqual([NaN, NaN, 100, NaN, NaN, 100]);
  });
});
