import { normalCdf } from './normal-distribution';
import { probabilisticSharpeRatio } from './probabilistic-sharpe-ratio';
import { sampleMoments } from './sample-moments';

describe('probabilisticSharpeRatio', () => {
  it('is Φ(SR·√(n−1)) for normal returns against 0', () => {
    // SR 0.1 over 101 periods, skew 0, kurtosis 3: z = 0.1·10 / √(1 + 0.5·0.01) = 0.997509...
    const psr = probabilisticSharpeRatio({ sharpe: 0.1, benchmarkSharpe: 0, observations: 101, skewness: 0, kurtosis: 3 });
    expect(psr).toBeCloseTo(normalCdf(1 / Math.sqrt(1.005)), 10);
    expect(psr).toBeCloseTo(0.8407, 3);
  });

  it('is 0.5 at the benchmark, and lower for negative skew and fat tails', () => {
    expect(probabilisticSharpeRatio({ sharpe: 0.2, benchmarkSharpe: 0.2, observations: 50, skewness: 0, kurtosis: 3 })).toBeCloseTo(0.5, 7);
    const normal = probabilisticSharpeRatio({ sharpe: 0.2, benchmarkSharpe: 0, observations: 50, skewness: 0, kurtosis: 3 });
    const skewed = probabilisticSharpeRatio({ sharpe: 0.2, benchmarkSharpe: 0, observations: 50, skewness: -1, kurtosis: 8 });
    expect(skewed).toBeLessThan(normal);
  });

  it('grows with the number of observations: a handful of trades cannot win', () => {
    const few = probabilisticSharpeRatio({ sharpe: 0.8, benchmarkSharpe: 0, observations: 2, skewness: 0, kurtosis: 3 });
    const many = probabilisticSharpeRatio({ sharpe: 0.3, benchmarkSharpe: 0, observations: 60, skewness: 0, kurtosis: 3 });
    expect(few).toBeLessThan(many);
    expect(probabilisticSharpeRatio({ sharpe: 5, benchmarkSharpe: 0, observations: 1, skewness: 0, kurtosis: 3 })).toBe(0);
  });
});

describe('normalCdf and sampleMoments', () => {
  it('match known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    const m = sampleMoments([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(m.skewness).toBeCloseTo(0, 12);
    // m2 = 1.25, m4 = (2·5.0625 + 2·0.0625)/4 = 2.5625 → 1.64
    expect(m.kurtosis).toBeCloseTo(1.64, 12);
  });
});
