import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { garmanKlassVolatility } from './garman-klass-volatility';

const H = 3_600_000;
const f64 = (xs: number[]) => new Float64Array(xs);
const e = Math.exp;

describe('garmanKlassVolatility', () => {
  it('is √(mean(½ ln(h/l)² − (2 ln 2 − 1) ln(c/o)²)) over the window (hand-computed)', () => {
    // Bar 0: range 0.1, body 0.05 → 0.005 − 0.0025·(2 ln 2 − 1). Bar 1: range 0.2, no body → 0.02.
    const open = f64([1, 1]);
    const high = f64([e(0.1), e(0.1)]);
    const low = f64([1, e(-0.1)]);
    const close = f64([e(0.05), 1]);
    const out = garmanKlassVolatility(open, high, low, close, singleRun(2), 2);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeCloseTo(Math.sqrt((0.005 - 0.0025 * (2 * Math.LN2 - 1) + 0.02) / 2), 14);
    const single = garmanKlassVolatility(open, high, low, close, singleRun(2), 1);
    expect(single[0]).toBeCloseTo(Math.sqrt(0.005 - 0.0025 * (2 * Math.LN2 - 1)), 14);
  });

  it('clamps an inconsistent bar (a body outside the range) to 0 rather than NaN', () => {
    const out = garmanKlassVolatility(f64([1]), f64([1]), f64([1]), f64([2]), singleRun(1), 1);
    expect(out[0]).toBe(0);
  });

  it('restarts after a gap', () => {
    const runStart = contiguousRunStarts(f64([0, 1, 3, 4].map((h) => h * H)), H);
    const ones = f64([1, 1, 1, 1]);
    const high = f64([e(0.2), e(0.2), e(0.2), e(0.2)]);
    const out = garmanKlassVolatility(ones, high, ones, ones, runStart, 2);
    expect(out.map((x) => x / Math.sqrt(0.02)).map((x) => Math.round(x * 1e12) / 1e12)).toEqual(f64([NaN, 1, NaN, 1]));
  });
});
