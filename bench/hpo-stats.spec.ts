import { mannWhitneyU, median } from './hpo-stats';

describe('bench statistics', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('Mann–Whitney U, no ties: U = 0 for fully separated samples of 3 and 3', () => {
    // μ = 4.5, σ² = 3·3·7/12 = 5.25, z = (4.5 − 0.5)/√5.25 = 1.7457 → p = 2·Φ(−1.7457) = 0.08086 (scipy: 0.0808556).
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r.u).toBe(0);
    expect(r.z).toBeCloseTo(4 / Math.sqrt(5.25), 12);
    expect(r.pValue).toBeCloseTo(0.0808556, 6);
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3]).u).toBe(9);
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3]).pValue).toBeCloseTo(r.pValue, 15);
  });

  it('Mann–Whitney U with ties: average ranks and the tie-corrected variance', () => {
    // Pooled 1 2 2 2 3 3 3 4: ranks 1, 3, 3, 3, 6, 6, 6, 8. a = [1, 2, 2, 3] → R = 1 + 3 + 3 + 6 = 13, U = 13 − 10 = 3.
    // Ties: two groups of 3 → Σ(t³ − t) = 48; σ² = (16/12)·(9 − 48/56) = 10.857; z = (8 − 3 − 0.5)/√10.857.
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 3, 4]);
    expect(r.u).toBe(3);
    expect(r.z).toBeCloseTo(4.5 / Math.sqrt((16 / 12) * (9 - 48 / 56)), 12);
    expect(r.pValue).toBeGreaterThan(0.1);
    expect(mannWhitneyU([1, 1], [1, 1]).pValue).toBe(1);
  });

  it('finds a clear shift significant', () => {
    const a = Array.from({ length: 20 }, (_, i) => i);
    const b = a.map((x) => x + 15);
    expect(mannWhitneyU(a, b).pValue).toBeLessThan(1e-4);
  });
});
