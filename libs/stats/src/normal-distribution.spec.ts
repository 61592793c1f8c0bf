import { erfc, logErfc, logNormalCdf, normalCdf, normalQuantile } from './normal-distribution';

describe('normal distribution', () => {
  it('computes erfc to ~1e-14 relative across its range (reference: CPython math.erfc)', () => {
    const reference: [number, number][] = [
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [3, 2.2090496998585438e-5],
      [10, 2.088487583762545e-45],
      [-1, 2 - 0.15729920705028513],
    ];
    for (const [x, want] of reference) expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1e-14);
  });

  it('keeps log Φ finite and accurate where Φ underflows', () => {
    expect(normalCdf(-40)).toBe(0);
    // Asymptotic series −a²/2 − log(−a) − log √(2π) + log(1 − 1/a² + 3/a⁴ − …) at a = −40.
    expect(logNormalCdf(-40)).toBeCloseTo(-804.6084420137538, 10);
    // erfc(x) ~ e^{−x²}/(x√π)·(1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶)) at x = 30.
    expect(logErfc(30)).toBeCloseTo(-900 - Math.log(30 * Math.sqrt(Math.PI)) + Math.log1p(-1 / 1800 + 3 / (4 * 30 ** 4) - 15 / (8 * 30 ** 6)), 9);
    expect(logNormalCdf(0)).toBeCloseTo(Math.log(0.5), 15);
    // Near +∞, log Φ(a) ≈ −Φ(−a) rather than log(1) = 0.
    expect(logNormalCdf(10)).toBeCloseTo(-7.61985302416047e-24, 30);
    expect(logNormalCdf(10)).toBeLessThan(0);
  });

  it('inverts Φ to full precision in both tails (reference: statistics.NormalDist.inv_cdf)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(1e-300)).toBeCloseTo(-37.0470962993612, 10);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    for (const p of [1e-5, 0.01, 0.02425, 0.3, 0.7, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 15);
  });
});
