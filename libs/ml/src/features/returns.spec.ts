import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { logReturns } from './returns';

const H = 3_600_000;

describe('logReturns', () => {
  it('is ln(c[i] / c[i-h]) with NaN before h bars of history', () => {
    const close = new Float64Array([1, 2, 4, 8, 16]);
    expect(Array.from(logReturns(close, singleRun(5), 1))).toEqual([NaN, Math.LN2, Math.LN2, Math.LN2, Math.LN2]);
    expect(Array.from(logReturns(close, singleRun(5), 3))).toEqual([NaN, NaN, NaN, Math.log(8), Math.log(8)]);
  });

  it('is NaN when the span crosses a gap', () => {
    const ts = new Float64Array([0, 1, 2, 4, 5, 6].map((h) => h * H)); // bar at hour 3 missing
    const close = new Float64Array([1, 2, 4, 16, 32, 64]);
    const runStart = contiguousRunStarts(ts, H);
    expect(Array.from(logReturns(close, runStart, 1))).toEqual([NaN, Math.LN2, Math.LN2, NaN, Math.LN2, Math.LN2]);
    expect(Array.from(logReturns(close, runStart, 2))).toEqual([NaN, NaN, Math.log(4), NaN, NaN, Math.log(4)]);
  });

  it('is NaN for non-positive or non-finite prices', () => {
    const close = new Float64Array([1, 0, 2, -1, NaN, 3]);
    expect(Array.from(logReturns(close, singleRun(6), 1))).toEqual([NaN, NaN, NaN, NaN, NaN, NaN]);
  });
});
