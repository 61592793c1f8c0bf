import { drawdownOf, equityOf, isConstant, maxDrawdownOf } from './series';

describe('derived series', () => {
  it('compounds returns into equity from 1', () => {
    expect(Array.from(equityOf(Float64Array.of(0.1, -0.5, 1)))).toEqual([1, 1.1, 0.55, 1.1]);
    expect(Array.from(equityOf(new Float64Array(0)))).toEqual([1]);
  });

  it('measures drawdown from the running peak', () => {
    const equity = Float64Array.of(1, 1.2, 0.9, 1.3, 1.04);
    const drawdown = Array.from(drawdownOf(equity));
    expect(drawdown[1]).toBe(0);
    expect(drawdown[2]).toBeCloseTo(-0.25, 12);
    expect(drawdown[4]).toBeCloseTo(-0.2, 12);
    expect(maxDrawdownOf(equity)).toBeCloseTo(0.25, 12);
    expect(maxDrawdownOf(Float64Array.of(1, 1, 1))).toBe(0);
  });

  it('recognises a constant series', () => {
    expect(isConstant(new Float64Array(10))).toBe(true);
    expect(isConstant(Float64Array.of(0, 0, 1e-12))).toBe(false);
  });
});
