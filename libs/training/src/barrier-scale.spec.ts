import { breakEvenProbability, horizonSigma, roundTripCost } from './barrier-scale';

describe('barrier scale', () => {
  it('scales σ by √h', () => {
    expect(Array.from(horizonSigma(Float64Array.of(0.01, 0.02), 16))).toEqual([0.04, 0.08]);
  });

  it('charges fee and slippage on both fills', () => {
    expect(roundTripCost({ takerFeeBps: 10, slippageBps: 5 })).toBeCloseTo(0.003, 12);
  });

  it('puts the break-even probability where expected value after costs is zero', () => {
    // k_tp = 2, k_sl = 1, σ = 1 %, c = 0.3 %: p·2 % − (1 − p)·1 % − 0.3 % = 0 ⇔ p = 1.3 / 3.
    const p = breakEvenProbability(0.01, 2, 1, 0.003);
    expect(p).toBeCloseTo(1.3 / 3, 12);
    expect(p * 0.02 - (1 - p) * 0.01 - 0.003).toBeCloseTo(0, 12);
    expect(breakEvenProbability(0, 2, 1, 0.003)).toBe(1);
    expect(breakEvenProbability(0.0001, 1, 1, 0.003)).toBe(1);
  });
});
