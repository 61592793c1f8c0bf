// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { imul } = Math;
/** A source of uniform floats in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: tiny, fast and seedable. Every seeded choice in Ares (row sampling, fixtures, synthetic
 * market data) draws from it, so the same seed gives the same numbers everywhere.
 */
export function seededRandom(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
