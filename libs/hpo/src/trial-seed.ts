/** Murmur3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The seed of one trial's random stream, from (study seed, trial number) alone. Each trial draws from its own
 * stream, never from a shared advancing one, so replicas, restarts and batch sizes cannot shift or repeat a trial's
 * randomness. `salt` separates independent uses within one trial (e.g. a sampler and a Latin hypercube).
 */
export function trialSeed(seed: number, number: number, salt = 0): number {
  const low = Number(BigInt.asUintN(32, BigInt(Math.trunc(seed))));
  const high = Number(BigInt.asUintN(32, BigInt(Math.trunc(seed)) >> 32n));
  let h = fmix32(low ^ 0x9e3779b9);
  h = fmix32((h ^ high) + 0x7f4a7c15);
  h = fmix32((h ^ (number >>> 0)) + 0x6a09e667);
  return fmix32((h ^ (salt >>> 0)) + 0xbb67ae85);
}
