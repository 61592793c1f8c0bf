import { trialSeed } from './trial-seed';

describe('trialSeed', () => {
  it('is a pure function of (seed, number, salt) and separates neighbouring seeds, numbers and salts', () => {
    expect(trialSeed(42, 7)).toBe(trialSeed(42, 7));
    const seen = new Set<number>();
    for (const seed of [0, 1, 2, -1, 2 ** 32, 2 ** 40 + 1]) for (let n = 0; n < 500; n++) seen.add(trialSeed(seed, n));
    expect(seen.size).toBe(6 * 500);
    expect(trialSeed(0, 0, 1)).not.toBe(trialSeed(0, 0));
    // Seeds differing only above bit 32 still differ.
    expect(trialSeed(2 ** 33, 5)).not.toBe(trialSeed(0, 5));
  });
});
