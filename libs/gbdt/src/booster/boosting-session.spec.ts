import { syntheticBinary } from '../testing/synthetic';
import { BoostingSession } from './boosting-session';
import { trainGbdt } from './gbdt-booster';

describe('BoostingSession', () => {
  const data = syntheticBinary(600, 5, 7);
  const params = { objective: 'binary' as const, nEstimators: 30, learningRate: 0.1, subsample: 0.7, colsampleByTree: 0.6, seed: 3 };

  it('advanced in steps, grows the same trees as one training run of the total rounds', () => {
    const session = new BoostingSession({ columns: data.columns, featureNames: data.featureNames, label: data.label }, params);
    session.advanceTo(10);
    const early = session.model();
    session.advanceTo(30);
    const late = session.model();
    session.close();
    const once = trainGbdt({ columns: data.columns, featureNames: data.featureNames, label: data.label }, params);
    expect(early.trees).toHaveLength(10);
    expect(late).toEqual(once);
    expect(early.trees).toEqual(once.trees.slice(0, 10));
  });

  it('refuses to advance once closed', () => {
    const session = new BoostingSession({ columns: data.columns, featureNames: data.featureNames, label: data.label }, params);
    session.close();
    expect(() => session.advanceTo(5)).toThrow(/closed/);
  });
});
