import { narrowSpace } from './narrow-space';

describe('narrowSpace', () => {
  const space = {
    learningRate: { type: 'float' as const, low: 0.01, high: 1, log: true },
    maxDepth: { type: 'int' as const, low: 2, high: 10 },
    subsample: { type: 'float' as const, low: 0, high: 1 },
    classWeight: { type: 'categorical' as const, choices: ['balanced', 'none'] },
  };
  const points = [
    { learningRate: 0.1, maxDepth: 4, subsample: 0.5, classWeight: 'balanced' },
    { learningRate: 0.1, maxDepth: 6, subsample: 0.7, classWeight: 'balanced' },
    { learningRate: 0.5, maxDepth: 9, subsample: 0.1, classWeight: 'none' },
    { learningRate: 0.02, maxDepth: 2, subsample: 0.95, classWeight: 'none' },
  ];

  it("bounds each range by the leaders' values plus a margin, clipped to the wide range", () => {
    const { space: narrowed } = narrowSpace(space, points, { quantile: 0.5, keepWide: ['learningRate'], margin: 0.1 });
    expect(narrowed.learningRate).toEqual(space.learningRate);
    // Leaders: the best two. maxDepth 4..6 ± 0.8 → [3.2, 6.8] → ints [3, 7].
    expect(narrowed.maxDepth).toEqual({ type: 'int', low: 3, high: 7 });
    const sub = narrowed.subsample as { low: number; high: number };
    expect(sub.low).toBeCloseTo(0.4, 12);
    expect(sub.high).toBeCloseTo(0.8, 12);
    expect(narrowed.classWeight).toEqual({ type: 'categorical', choices: ['balanced'] });
  });

  it('narrows log dimensions in log space', () => {
    const { space: narrowed } = narrowSpace(space, points, { quantile: 0.5, keepWide: [], margin: 0 });
    expect(narrowed.learningRate).toMatchObject({ low: expect.closeTo(0.1, 12), high: expect.closeTo(0.1, 12), log: true });
    const wider = narrowSpace(space, points, { quantile: 0.5, keepWide: [], margin: 0.25 }).space.learningRate as { low: number; high: number };
    // ln-width 4.605 × 0.25 = 1.151 on each side of ln 0.1.
    expect(wider.low).toBeCloseTo(0.1 / Math.exp(0.25 * Math.log(100)), 9);
    expect(wider.high).toBeCloseTo(0.1 * Math.exp(0.25 * Math.log(100)), 9);
  });
});
