import { latinHypercube } from './latin-hypercube';
import { SearchSpace } from './search-space';

describe('latinHypercube', () => {
  const space: SearchSpace = {
    x: { type: 'float', low: -2, high: 2 },
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    depth: { type: 'int', low: 1, high: 10 },
    booster: { type: 'categorical', choices: ['gbtree', 'dart', 'linear'] },
  };

  it('puts exactly one point in each of the n strata of every numeric parameter (log space for log scales)', () => {
    const n = 20;
    const points = latinHypercube(space, n, 1);
    expect(points).toHaveLength(n);
    const strataOf = (u: number[]) => u.map((v) => Math.floor(v * n)).sort((a, b) => a - b);
    const all = [...Array(n).keys()];
    expect(strataOf(points.map((p) => ((p.x as number) + 2) / 4))).toEqual(all);
    expect(strataOf(points.map((p) => (Math.log10(p.lr as number) + 4) / 4))).toEqual(all);
    // 10 integers over 20 strata: each integer exactly twice.
    const depths = points.map((p) => p.depth as number);
    for (let d = 1; d <= 10; d++) expect(depths.filter((v) => v === d)).toHaveLength(2);
  });

  it('spreads categoricals evenly (counts differ by at most one) and shuffles them', () => {
    const points = latinHypercube(space, 10, 2);
    const counts = ['gbtree', 'dart', 'linear'].map((c) => points.filter((p) => p.booster === c).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10);
    expect(points.map((p) => p.booster)).not.toEqual([...points.map((p) => p.booster)].sort());
  });

  it('is a pure function of (space, n, seed)', () => {
    expect(latinHypercube(space, 8, 3)).toEqual(latinHypercube(space, 8, 3));
    expect(latinHypercube(space, 8, 3)).not.toEqual(latinHypercube(space, 8, 4));
    expect(() => latinHypercube(space, -1, 3)).toThrow('n: must be an integer ≥ 0');
    expect(() => latinHypercube({ lr: { type: 'float', low: 1, high: 0 } }, 2, 3)).toThrow('space.lr: low (1) > high (0)');
  });
});
