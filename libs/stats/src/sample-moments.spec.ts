import { sampleMoments } from './sample-moments';

describe('sampleMoments', () => {
  it('hand-computed moments: sample std (n − 1), population skewness and raw kurtosis', () => {
    // 1, 2, 3, 4: mean 2.5, m2 = 1.25, sample variance 5/3, m3 = 0, m4 = 2.5625 → kurtosis 1.64.
    const m = sampleMoments([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.std).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(m.skewness).toBeCloseTo(0, 15);
    expect(m.kurtosis).toBeCloseTo(2.5625 / 1.5625, 15);
    expect(m.sharpe).toBeCloseTo(2.5 / Math.sqrt(5 / 3), 15);
  });

  it('a constant series has no spread and a Sharpe of 0, however its mean rounds', () => {
    const m = sampleMoments(new Float64Array(4380).fill(0.0001234));
    expect([m.std, m.sharpe, m.skewness, m.kurtosis]).toEqual([0, 0, 0, 3]);
  });
});
