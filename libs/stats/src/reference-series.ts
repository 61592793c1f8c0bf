import { seededRandom } from '@ares/random';

/**
 * Seeded series for the specs of optimalBlockLength and sharpeDifferenceTest, built from exact arithmetic only (the
 * 32-bit mulberry32 uniforms of @ares/random, sums, products, abs: no log or cos, whose last bit differs between
 * libms), so libs/stats/src/reference_values.py rebuilds them bit for bit in numpy and the expected values it prints
 * were computed on the very same numbers. Not exported from the index: test fixtures only.
 */

/** Irwin–Hall noise: Σ of 12 uniforms − 6 per value (mean 0, variance 1, nearly normal). */
export function irwinHallNoise(count: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let k = 0; k < 12; k++) s += random();
    out[i] = s - 6;
  }
  return out;
}

/** AR(1): x_0 = e_0, x_t = φ·x_{t−1} + e_t with Irwin–Hall innovations. */
export function ar1Series(count: number, phi: number, seed: number): Float64Array {
  const e = irwinHallNoise(count, seed);
  const x = new Float64Array(count);
  let previous = 0;
  for (let t = 0; t < count; t++) {
    previous = phi * previous + e[t];
    x[t] = previous;
  }
  return x;
}

/** A random walk (AR(1) with φ = 1): persistent enough to reach the block-length caps. */
export function randomWalk(count: number, seed: number): Float64Array {
  return ar1Series(count, 1, seed);
}

/**
 * Two aligned per-bar return series with volatility clustering and autocorrelation: a_t = 0.0006 + σ_t·e_t with
 * σ_t = 0.01·(1 + 0.5·|e_{t−1}|); b_t = 0.0002 + 0.5·(a_t − 0.0006) + 0.008·(f_t + 0.4·f_{t−1}) (an MA(1) tracking a).
 */
export function returnPair(count: number, seed: number): { a: Float64Array; b: Float64Array } {
  const e = irwinHallNoise(count, seed);
  const f = irwinHallNoise(count, seed + 1);
  const a = new Float64Array(count);
  const b = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    const ePrev = t > 0 ? e[t - 1] : 0;
    const fPrev = t > 0 ? f[t - 1] : 0;
    a[t] = 0.0006 + 0.01 * (1 + 0.5 * Math.abs(ePrev)) * e[t];
    b[t] = 0.0002 + 0.5 * (a[t] - 0.0006) + 0.008 * (f[t] + 0.4 * fPrev);
  }
  return { a, b };
}
