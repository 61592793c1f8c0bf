import { normalCdf, normalQuantile } from '@ares/stats';
import { logGaussMass, truncatedNormalQuantile } from './truncated-normal';

describe('truncated normal', () => {
  it('gives the log mass of an interval, centrally and far in either tail', () => {
    expect(Math.exp(logGaussMass(-1, 1))).toBeCloseTo(0.6826894921370859, 14);
    expect(Math.exp(logGaussMass(0, Infinity))).toBeCloseTo(0.5, 15);
    // [30, 31]: Φ(31) − Φ(30) is 0 in doubles; the log mass is ≈ log Φ(−30) since Φ(−31) ≪ Φ(−30).
    expect(logGaussMass(30, 31)).toBeCloseTo(-454.3212439563431, 8);
    expect(logGaussMass(-31, -30)).toBeCloseTo(logGaussMass(30, 31), 12);
  });

  it('samples by inverse CDF inside [a, b]', () => {
    // Half-normal on [0, ∞): its median is Φ⁻¹(0.75).
    expect(truncatedNormalQuantile(0.5, 0, Infinity)).toBeCloseTo(normalQuantile(0.75), 12);
    expect(truncatedNormalQuantile(0.5, -2, 2)).toBeCloseTo(0, 14);
    // [−1, 3]: the u-quantile solves (Φ(x) − Φ(−1)) / (Φ(3) − Φ(−1)) = u.
    const x = truncatedNormalQuantile(0.9, -1, 3);
    expect((normalCdf(x) - normalCdf(-1)) / (normalCdf(3) - normalCdf(-1))).toBeCloseTo(0.9, 12);
    for (const u of [0, 1e-12, 0.5, 1 - 1e-12]) {
      const z = truncatedNormalQuantile(u, -0.1, 50);
      expect(z).toBeGreaterThanOrEqual(-0.1);
      expect(z).toBeLessThanOrEqual(50);
    }
  });
});
