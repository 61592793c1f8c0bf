import { Rng, seededRandom } from '@ares/random';

export type { Rng };

/** Row and column sampling draw from the project's one seeded generator. */
export const mulberry32 = seededRandom;

/** k distinct indices of 0..n-1, ascending (ascending keeps memory access in row order). */
export function sampleWithoutReplacement(n: number, k: number, rng: Rng): Int32Array {
  if (k >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  // Partial Fisher–Yates: the first k slots end up a uniform sample.
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.subarray(0, k).sort();
}
