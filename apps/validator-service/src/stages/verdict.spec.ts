import { verdictOf } from './monte-carlo.stage';

describe('the verdict', () => {
  it('says plainly when the walk-forward Sharpe is not distinguishable from the best of the trials', () => {
    expect(verdictOf({ dsr: 0.41, psr: 0.7, pbo: 0.62, trials: 120, threshold: 0.95, annualSharpe: 1.1 })).toBe(
      'DSR 0.41: not distinguishable from the best of 120 random trials (PSR 0.70; PBO 0.62: the search more likely overfit than not)',
    );
    expect(verdictOf({ dsr: 0.97, psr: 0.99, pbo: 0.1, trials: 48, threshold: 0.95, annualSharpe: 2.345 })).toBe(
      'DSR 0.97: the walk-forward Sharpe (2.35 a year) beats the best of 48 random trials (PSR 0.99; PBO 0.10)',
    );
    expect(verdictOf({ dsr: 0.2, psr: 0.3, pbo: null, trials: 1, threshold: 0.95, annualSharpe: 0 })).toMatch(/no PBO\)$/);
  });
});
