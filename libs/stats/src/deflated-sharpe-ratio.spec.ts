import { deflatedSharpeRatio } from './deflated-sharpe-ratio';
import { expectedMaxSharpe } from './expected-max-sharpe';
import { normalCdf } from './normal-distribution';
import { probabilisticSharpeRatio } from './probabilistic-sharpe-ratio';

describe('deflatedSharpeRatio', () => {
  const observed = { sharpe: 0.1, observations: 101, skewness: -0.3, kurtosis: 5 };

  it('equals PSR against 0 for a single trial', () => {
    const dsr = deflatedSharpeRatio({ ...observed, trials: 1, trialSharpeVariance: 0.01 });
    expect(dsr).toBe(probabilisticSharpeRatio({ ...observed, benchmarkSharpe: 0 }));
    // By hand: 1 − γ3·SR + (γ4 − 1)/4·SR² = 1 + 0.03 + 0.01 = 1.04; z = 0.1·√100 / √1.04.
    expect(dsr).toBeCloseTo(normalCdf(1 / Math.sqrt(1.04)), 12);
  });

  it('is PSR against the expected maximum Sharpe ratio, below PSR for more than one trial', () => {
    const psr = probabilisticSharpeRatio({ ...observed, benchmarkSharpe: 0 });
    let last = psr;
    for (const trials of [2, 10, 100, 1000]) {
      const dsr = deflatedSharpeRatio({ ...observed, trials, trialSharpeVariance: 0.001 });
      const benchmarkSharpe = expectedMaxSharpe({ trials, trialSharpeVariance: 0.001 });
      expect(dsr).toBe(probabilisticSharpeRatio({ ...observed, benchmarkSharpe }));
      expect(dsr).toBeLessThan(last);
      last = dsr;
    }
    // 100 trials, V = 0.001: SR* = √0.001·2.5306028932 = 0.0800247...; z = (0.1 − SR*)·10/√1.04.
    const star = Math.sqrt(0.001) * 2.5306028932016846;
    expect(deflatedSharpeRatio({ ...observed, trials: 100, trialSharpeVariance: 0.001 })).toBeCloseTo(
      normalCdf(((0.1 - star) * 10) / Math.sqrt(1.04)),
      9,
    );
  });

  it('rejects what the formula cannot take, naming the field', () => {
    expect(() => deflatedSharpeRatio({ ...observed, trials: 0, trialSharpeVariance: 0.01 })).toThrow(/trials/);
    expect(() => deflatedSharpeRatio({ ...observed, trials: 3, trialSharpeVariance: -0.01 })).toThrow(/trialSharpeVariance/);
    expect(() => deflatedSharpeRatio({ ...observed, sharpe: NaN, trials: 3, trialSharpeVariance: 0.01 })).toThrow(/sharpe/);
    expect(() => deflatedSharpeRatio({ ...observed, observations: 10.5, trials: 3, trialSharpeVariance: 0.01 })).toThrow(/observations/);
  });
});
