import { downsampleIndices } from './downsample';

describe('downsampleIndices', () => {
  it('keeps a short series whole', () => {
    expect(Array.from(downsampleIndices([1, 2, 3], 10))).toEqual([0, 1, 2]);
  });

  it('keeps at most the budget, in order, with both ends and every extreme', () => {
    const n = 50_000;
    const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 500));
    values[31_337] = -9; // a crash one bar long
    values[12_345] = 9;
    const picked = downsampleIndices(values, 1000);
    expect(picked.length).toBeLessThanOrEqual(1000);
    expect(picked[0]).toBe(0);
    expect(picked[picked.length - 1]).toBe(n - 1);
    for (let i = 1; i < picked.length; i++) expect(picked[i]).toBeGreaterThan(picked[i - 1]);
    expect(Array.from(picked)).toEqual(expect.arrayContaining([31_337, 12_345]));
  });

  it('is deterministic and keeps a gap as a gap', () => {
    const values = Float64Array.from({ length: 5000 }, (_, i) => (i >= 2000 && i < 2100 ? NaN : i % 7));
    const a = downsampleIndices(values, 200);
    expect(Array.from(a)).toEqual(Array.from(downsampleIndices(values, 200)));
    expect(Array.from(a).some((i) => Number.isNaN(values[i]))).toBe(true);
  });
});
