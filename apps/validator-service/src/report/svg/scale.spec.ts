import { drawableDomain, finiteExtent, linearScale, niceDomain, niceTicks, tickStep } from './scale';

describe('scales and ticks', () => {
  it('maps a domain onto pixels linearly, flipped for a y axis, and clamps what lies outside', () => {
    const y = linearScale([0, 10], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(10)).toBe(0);
    expect(y(2.5)).toBe(150);
    expect(y(-5)).toBe(200);
    expect(y(50)).toBe(0);
    // A zero-width domain puts everything in the middle instead of dividing by zero.
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });

  it('chooses steps of 1, 2 or 5 times a power of ten', () => {
    expect(tickStep(0, 1, 5)).toBe(0.2);
    expect(tickStep(0, 100, 5)).toBe(20);
    expect(tickStep(0, 4330, 5)).toBe(1000);
    expect(tickStep(-4.07, -0.3, 5)).toBe(1);
    expect(tickStep(0.98, 1.02, 5)).toBeCloseTo(0.01, 12);
  });

  it('puts ticks on round values without binary noise', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.1, 0.7, 6)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(-0.234, 0.018)).toEqual([-0.2, -0.15, -0.1, -0.05, 0]);
    expect(niceTicks(2, 2)).toEqual([2]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });

  it('widens a domain to whole steps and gives a single value room', () => {
    expect(niceDomain([0.013, 0.97])).toEqual([0, 1]);
    expect(niceDomain([-4.07, -0.3])).toEqual([-5, 0]);
    expect(drawableDomain([1, 1])).toEqual([0.95, 1.05]);
    expect(drawableDomain([0, 0])).toEqual([-1, 1]);
    expect(drawableDomain(undefined)).toEqual([0, 1]);
  });

  it('finds the extent of the finite values only', () => {
    expect(finiteExtent(Float64Array.of(3, NaN, -1), [Infinity, 7])).toEqual([-1, 7]);
    expect(finiteExtent([NaN], [])).toBeUndefined();
  });
});
