import { mulberry32, sampleWithoutReplacement } from './seeded-random';

describe('seeded random', () => {
  it('repeats its sequence for the same seed', () => {
    const a = mulberry32(7),
      b = mulberry32(7);
    for (let i = 0; i < 10; i++) expect(a()).toBe(b());
  });

  it('samples distinct ascending indices', () => {
    const s = sampleWithoutReplacement(100, 30, mulberry32(1));
    expect(s.length).toBe(30);
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
    expect(s[29]).toBeLessThan(100);
  });
});
