import { MIN_BLOCK_LENGTH_OBSERVATIONS, optimalBlockLength } from './optimal-block-length';
import { ar1Series, irwinHallNoise, randomWalk } from './reference-series';

// Expected values: libs/stats/src/reference_values.py (numpy re-implementation of arch's _single_optimal_block,
// which agreed with arch's own function body, run on numpy 1.24, to 3e-13 on these and 48 random series).
const TOLERANCE = 1e-9;

function expectBlocks(series: Float64Array, stationary: number, circular: number): void {
  const b = optimalBlockLength(series);
  expect(Math.abs(b.stationary - stationary)).toBeLessThan(TOLERANCE);
  expect(Math.abs(b.circular - circular)).toBeLessThan(TOLERANCE);
}

describe('optimalBlockLength (Politis & White 2004, arch conventions)', () => {
  it('matches arch on an AR(1) with φ = 0.5 (n = 1000: m̂ = 3, M = 6)', () => {
    expectBlocks(ar1Series(1000, 0.5, 7), 9.121547556606801, 10.44156540217535);
  });

  it('gives short blocks for white noise (M = 2: only lag 1 enters)', () => {
    const b = optimalBlockLength(irwinHallNoise(1000, 11));
    expectBlocks(irwinHallNoise(1000, 11), 2.058161616022647, 2.356006915337706);
    expect(b.stationary).toBeLessThan(3);
  });

  it('falls back to M = m_max when no run of K_N insignificant autocorrelations exists (random walk)', () => {
    // n = 200: m_max = ⌈√200⌉ + 5 = 20, and every |ρ̂(k)| of a random walk is far outside the band.
    expectBlocks(randomWalk(200, 3), 19.109718027034553, 21.87516639672461);
  });

  it('caps both block lengths at ⌈min(3√n, n/3)⌉', () => {
    // Over-differenced noise has a long-run variance near 0, so Ĝ²/D̂ explodes: the circular length is capped at
    // ⌈3√1000⌉ = 95, the stationary one (D̂ half as large again) lands just below.
    const e = irwinHallNoise(1001, 17);
    const diff = e.subarray(1).map((v, i) => v - e[i]);
    expectBlocks(diff, 94.99045363406225, 95);
    // n = 8, arch's smallest: ⌈min(3√8, 8/3)⌉ = 3 binds both.
    expectBlocks(ar1Series(8, 0.5, 13), 3, 3);
  });

  it('accepts plain arrays and is invariant to shifting and scaling the series', () => {
    const x = ar1Series(500, 0.5, 21);
    const b = optimalBlockLength(x);
    const moved = optimalBlockLength(Array.from(x, (v) => 3 * v + 100));
    expect(moved.stationary).toBeCloseTo(b.stationary, 9);
    expect(moved.circular).toBeCloseTo(b.circular, 9);
  });

  it('throws below 8 observations (arch raises for 2–7) and on non-finite values; a constant series gives NaN', () => {
    expect(MIN_BLOCK_LENGTH_OBSERVATIONS).toBe(8);
    expect(() => optimalBlockLength([1])).toThrow(RangeError);
    expect(() => optimalBlockLength(new Float64Array(7).map((_, i) => i % 3))).toThrow(RangeError);
    expect(() => optimalBlockLength([1, 2, 3, NaN, 5, 6, 7, 8, 9])).toThrow(RangeError);
    const flat = optimalBlockLength(new Float64Array(50).fill(2));
    expect(flat.stationary).toBeNaN();
    expect(flat.circular).toBeNaN();
  });
});
