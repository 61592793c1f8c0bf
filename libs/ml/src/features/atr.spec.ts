import { atr } from './atr';
import { contiguousRunStarts, singleRun } from './contiguous-runs';

const H = 3_600_000;
const f64 = (xs: number[]) => new Float64Array(xs);

describe('atr (Wilder)', () => {
  it('equals the range for bars of constant range around a flat close', () => {
    const n = 20;
    const out = atr(new Float64Array(n).fill(11), new Float64Array(n).fill(9), new Float64Array(n).fill(10), singleRun(n), 14);
    expect(Array.from(out.subarray(0, 14)).every(Number.isNaN)).toBe(true);
    expect(Array.from(out.subarray(14))).toEqual(new Array(6).fill(2));
  });

  it('seeds with the mean of the first TRs, then smooths (hand-computed, period 2)', () => {
    // TRs from bar 1: 2, 4, 6, then a gap-up bar: max(15 − 14, |15 − 10|, |14 − 10|) = 5.
    const high = f64([10, 11, 12, 13, 15]);
    const low = f64([10, 9, 8, 7, 14]);
    const close = f64([10, 10, 10, 10, 14.5]);
    const out = atr(high, low, close, singleRun(5), 2);
    expect(Array.from(out)).toEqual([NaN, NaN, 3, (3 + 6) / 2, (4.5 + 5) / 2]);
  });

  it('restarts after a gap: no TR across it, first ATR `period` bars later', () => {
    const hours = [0, 1, 2, 3, 10, 11, 12, 13];
    const n = hours.length;
    const runStart = contiguousRunStarts(f64(hours.map((h) => h * H)), H);
    const close = f64([10, 10, 10, 10, 50, 50, 50, 50]);
    const out = atr(f64(Array.from(close, (c) => c + 1)), f64(Array.from(close, (c) => c - 1)), close, runStart, 2);
    expect(Array.from(out)).toEqual([NaN, NaN, 2, 2, NaN, NaN, 2, 2]);
    expect(out.length).toBe(n);
  });
});
