import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { parkinsonVolatility } from './parkinson-volatility';

const H = 3_600_000;
const f64 = (xs: number[]) => new Float64Array(xs);

describe('parkinsonVolatility', () => {
  it('is √(mean ln(h/l)² / (4 ln 2)) over the window (hand-computed)', () => {
    // ln(h/l) = 0.1, 0.3, 0.2 → window 2: √((0.01 + 0.09)/2 / (4 ln 2)), √((0.09 + 0.04)/2 / (4 ln 2)).
    const low = f64([100, 100, 100]);
    const high = f64([100 * Math.exp(0.1), 100 * Math.exp(0.3), 100 * Math.exp(0.2)]);
    const out = parkinsonVolatility(high, low, singleRun(3), 2);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeCloseTo(Math.sqrt(0.05 / (4 * Math.LN2)), 14);
    expect(out[2]).toBeCloseTo(Math.sqrt(0.065 / (4 * Math.LN2)), 14);
  });

  it('is 0 for bars without range and needs no previous bar', () => {
    expect(Array.from(parkinsonVolatility(f64([5, 5, 5]), f64([5, 5, 5]), singleRun(3), 1))).toEqual([0, 0, 0]);
  });

  it('restarts after a gap and after a bar with a non-positive low', () => {
    const runStart = contiguousRunStarts(f64([0, 1, 2, 6, 7, 8, 9].map((h) => h * H)), H);
    const high = f64([2, 2, 2, 2, 2, 2, 2]);
    const low = f64([1, 1, 1, 1, 0, 1, 1]);
    const v = Math.sqrt((Math.LN2 * Math.LN2) / (4 * Math.LN2));
    const out = parkinsonVolatility(high, low, runStart, 2);
    expect(Array.from(out).map((x) => (Number.isNaN(x) ? x : x / v))).toEqual([NaN, 1, 1, NaN, NaN, NaN, 1]);
  });
});
