import { normalQuantile, sharpeDifferenceSampleSize } from '@ares/stats';
import { planAbTest } from './ab-test-plan';

const HOUR = 3_600_000;
const base = {
  alpha: 0.05,
  power: 0.8,
  challengerShare: 0.2,
  minDetectableSharpe: 1,
  barsPerYear: 8760,
  barMs: HOUR,
  challengerSharpe: 0.01,
  differenceStd: 0.003,
  tradesPerBar: 0.02,
};

describe('planAbTest', () => {
  it('sizes the live test against flat capital by the one-sample Sharpe variance when there is no champion', () => {
    const plan = planAbTest({ ...base, championSharpe: null, correlation: 0 });
    const delta = 1 / Math.sqrt(8760);
    const z = normalQuantile(0.975) + normalQuantile(0.8);
    expect(plan.minimumSample.bars).toBe(Math.ceil((z * z * (1 + (delta * delta) / 2)) / (delta * delta)));
    expect(plan.minimumSample.days).toBe(Math.ceil(plan.minimumSample.bars / 24));
    expect(plan.minimumSample.trades).toBe(Math.ceil(plan.minimumSample.bars * 0.02));
    expect(plan.trafficSplit).toEqual({ champion: 0.8, challenger: 0.2 });
    expect(plan.promotionCriterion).toContain(`${plan.minimumSample.bars} bars`);
  });

  it('sizes it by the two-sample test against a champion, needing fewer bars when the two are correlated', () => {
    const independent = planAbTest({ ...base, championSharpe: 0.005, correlation: 0 });
    const correlated = planAbTest({ ...base, championSharpe: 0.005, correlation: 0.8 });
    const delta = 1 / Math.sqrt(8760);
    expect(independent.minimumSample.bars).toBe(
      sharpeDifferenceSampleSize({ sharpeA: 0.005 + delta, sharpeB: 0.005, correlation: 0, alpha: 0.05, power: 0.8 }),
    );
    expect(correlated.minimumSample.bars).toBeLessThan(independent.minimumSample.bars);
    expect(independent.stoppingRule).toMatchObject({ method: 'mSPRT', alpha: 0.05 });
    expect(independent.stoppingRule.mixingVariance).toBeGreaterThan(0);
    expect(independent.stoppingRule.description).toContain('the champion');
  });

  it('states no trade count when the challenger never traded out of sample', () => {
    expect(planAbTest({ ...base, championSharpe: null, correlation: 0, tradesPerBar: 0 }).minimumSample.trades).toBeNull();
  });
});
