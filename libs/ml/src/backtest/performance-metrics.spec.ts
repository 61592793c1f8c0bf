import { maxDrawdown, perBarReturns, sharpeRatio, totalReturn } from './performance-metrics';

describe('performance metrics', () => {
  // Returns +10 %, −10 %, +20 %, −50 % from 1.
  const equity = new Float64Array([1.1, 0.99, 1.188, 0.594]);

  it('per-bar returns start from the initial equity', () => {
    expect(Array.from(perBarReturns(equity)).map((r) => Number(r.toFixed(12)))).toEqual([0.1, -0.1, 0.2, -0.5]);
  });

  it('Sharpe: mean / sample std × √barsPerYear, hand-computed', () => {
    // mean = −0.3/4 = −0.075; deviations 0.175, −0.025, 0.275, −0.425; Σ² = 0.2875; sample var = 0.2875/3.
    const expected = (-0.075 / Math.sqrt(0.2875 / 3)) * Math.sqrt(4);
    expect(sharpeRatio(perBarReturns(equity), 4)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(-0.4845437, 7);
  });

  it('Sharpe is 0 for constant returns and for fewer than two returns', () => {
    expect(sharpeRatio(new Float64Array([0.1, 0.1, 0.1]), 365)).toBe(0);
    expect(sharpeRatio(new Float64Array([0, 0]), 365)).toBe(0);
    expect(sharpeRatio(new Float64Array([0.3]), 365)).toBe(0);
    expect(() => sharpeRatio(new Float64Array(2), 0)).toThrow(/barsPerYear/);
  });

  it('max drawdown is the largest fall from a running peak', () => {
    // Peaks 1.1 then 1.188; the fall 1.188 → 0.594 (50 %) beats 1.1 → 0.99 (10 %).
    expect(maxDrawdown(equity)).toBeCloseTo(0.5, 15);
    // A curve that starts below the initial equity draws down from the initial 1.
    expect(maxDrawdown(new Float64Array([0.8, 0.9, 1.2]))).toBeCloseTo(0.2, 15);
    expect(maxDrawdown(new Float64Array([1, 1.5, 2]))).toBe(0);
  });

  it('total return', () => {
    expect(totalReturn(equity)).toBeCloseTo(-0.406, 15);
    expect(totalReturn(new Float64Array(0))).toBe(0);
  });
});
