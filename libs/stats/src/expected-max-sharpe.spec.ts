import { EULER_MASCHERONI, expectedMaxSharpe } from './expected-max-sharpe';
import { normalQuantile } from './normal-distribution';

describe('expectedMaxSharpe', () => {
  it('is 0 for a single trial, whatever the variance', () => {
    expect(expectedMaxSharpe({ trials: 1, trialSharpeVariance: 0.5 })).toBe(0);
  });

  it('is γ·Φ⁻¹(1 − 1/(2e))·√V for two trials, since Φ⁻¹(1 − 1/2) = 0', () => {
    // Φ⁻¹(1 − 1/(2e)) = Φ⁻¹(0.816060...) = 0.9004525966377903 (statistics.NormalDist().inv_cdf).
    expect(normalQuantile(1 - 1 / (2 * Math.E))).toBeCloseTo(0.9004525966377903, 13);
    expect(expectedMaxSharpe({ trials: 2, trialSharpeVariance: 1 })).toBeCloseTo(EULER_MASCHERONI * 0.9004525966377903, 13);
    // √V scales it: V = 0.04 → × 0.2.
    expect(expectedMaxSharpe({ trials: 2, trialSharpeVariance: 0.04 })).toBeCloseTo(0.2 * 0.5197553442805939, 13);
  });

  it('matches the Φ⁻¹ values for 100 trials', () => {
    // Φ⁻¹(0.99) = 2.3263478740408408, Φ⁻¹(1 − 1/(100e)) = 2.680210444966887 (NormalDist().inv_cdf);
    // (1 − γ)·2.32634787 + γ·2.68021044 = 2.5306028932016846.
    const want = (1 - EULER_MASCHERONI) * 2.3263478740408408 + EULER_MASCHERONI * 2.680210444966887;
    expect(want).toBeCloseTo(2.5306028932016846, 14);
    expect(expectedMaxSharpe({ trials: 100, trialSharpeVariance: 1 })).toBeCloseTo(want, 12);
    expect(expectedMaxSharpe({ trials: 100, trialSharpeVariance: 0.25 })).toBeCloseTo(0.5 * want, 12);
  });

  it('grows with the number of trials and is 0 without dispersion', () => {
    let last = 0;
    for (const trials of [2, 10, 100, 1000, 1e6]) {
      const e = expectedMaxSharpe({ trials, trialSharpeVariance: 1 });
      expect(e).toBeGreaterThan(last);
      last = e;
    }
    expect(expectedMaxSharpe({ trials: 50, trialSharpeVariance: 0 })).toBe(0);
  });

  it('names the field it rejects', () => {
    expect(() => expectedMaxSharpe({ trials: 0, trialSharpeVariance: 1 })).toThrow(/trials/);
    expect(() => expectedMaxSharpe({ trials: 2.5, trialSharpeVariance: 1 })).toThrow(RangeError);
    expect(() => expectedMaxSharpe({ trials: 10, trialSharpeVariance: -1 })).toThrow(/trialSharpeVariance/);
    expect(() => expectedMaxSharpe({ trials: 10, trialSharpeVariance: NaN })).toThrow(/trialSharpeVariance/);
    expect(() => expectedMaxSharpe({ trials: 10, trialSharpeVariance: Infinity })).toThrow(RangeError);
  });
});
