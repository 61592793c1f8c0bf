import type { AbComparison } from '@ares/contracts';
import { decideAb } from './ab-decision';

const comparison = (overrides: Partial<AbComparison> = {}): AbComparison => ({
  championVersion: 3,
  window: { from: '2023-11-01T00:00:00.000Z', to: '2023-12-31T23:00:00.000Z', bars: 1460 },
  championOutOfSample: true,
  challengerSharpe: 0.05,
  championSharpe: 0.01,
  challengerSharpeAnnual: 4.68,
  championSharpeAnnual: 0.94,
  difference: 0.04,
  standardError: 0.01,
  pValue: 0.001,
  correlation: 0.3,
  differenceStd: 0.004,
  challengerReturn: 0.1,
  championReturn: 0.01,
  challengerTrades: 30,
  championTrades: 25,
  ...overrides,
});
const base = { version: 4, dsrThreshold: 0.95, alpha: 0.05 };

describe('decideAb', () => {
  it('without a champion, the DSR against its threshold decides', () => {
    expect(decideAb({ ...base, dsr: 0.97, champion: null, comparison: null })).toMatchObject({
      decision: 'champion',
      reason: expect.stringMatching(/DSR 0.97 clears the threshold 0.95/),
    });
    expect(decideAb({ ...base, dsr: 0.06, champion: null, comparison: null })).toMatchObject({
      decision: 'challenger',
      reason: expect.stringMatching(/DSR 0.06 is below/),
    });
    expect(decideAb({ ...base, dsr: null, champion: null, comparison: null }).decision).toBe('challenger');
  });

  it('replaces a champion only when significantly better out of sample with a DSR that clears the threshold', () => {
    expect(decideAb({ ...base, dsr: 0.97, champion: 3, comparison: comparison() })).toMatchObject({
      decision: 'champion',
      reason: expect.stringMatching(/beats champion v3 out of sample/),
    });
    expect(decideAb({ ...base, dsr: 0.5, champion: 3, comparison: comparison() })).toMatchObject({
      decision: 'challenger',
      reason: expect.stringMatching(/DSR 0.50 is below 0.95/),
    });
    expect(decideAb({ ...base, dsr: 0.97, champion: 3, comparison: comparison({ championOutOfSample: false }) })).toMatchObject({
      decision: 'challenger',
      reason: expect.stringMatching(/inside the champion's data/),
    });
    expect(decideAb({ ...base, dsr: 0.97, champion: 3, comparison: comparison({ pValue: 0.2 }) })).toMatchObject({
      decision: 'challenger',
      reason: expect.stringMatching(/not distinguishable/),
    });
  });

  it('archives a version significantly worse than the champion, and keeps one it could not test as a challenger', () => {
    expect(decideAb({ ...base, dsr: 0.99, champion: 3, comparison: comparison({ difference: -0.04 }) })).toMatchObject({
      decision: 'archived',
      reason: expect.stringMatching(/worse than champion v3/),
    });
    expect(decideAb({ ...base, dsr: 0.99, champion: 3, comparison: comparison({ pValue: null, standardError: null }) }).decision).toBe('challenger');
    expect(
      decideAb({ ...base, dsr: 0.99, champion: 3, comparison: null, comparisonUnavailable: "feature 'x' is not among the features" }),
    ).toMatchObject({
      decision: 'challenger',
      reason: expect.stringMatching(/could not be compared \(feature 'x'/),
    });
  });
});
