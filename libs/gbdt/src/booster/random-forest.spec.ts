import { predictProba } from '../predict/gbdt-predictor';
import { auc, syntheticBinary } from '../testing/synthetic';
import { BoostingSession } from './boosting-session';
import { trainGbdt } from './gbdt-booster';

describe("trainGbdt with boosting: 'rf' (a random forest in the boosting machinery)", () => {
  const train = syntheticBinary(1500, 6, 21);
  const test = syntheticBinary(1500, 6, 22);
  const data = { columns: train.columns, featureNames: train.featureNames, label: train.label };
  const forest = { objective: 'binary' as const, boosting: 'rf' as const, nEstimators: 30, maxDepth: 5, colsampleByTree: 0.7, seed: 4 };

  it('learns: out-of-sample AUC well above chance, probabilities inside (0, 1)', () => {
    const model = trainGbdt(data, forest);
    expect(model.trees).toHaveLength(30);
    const p = predictProba(model, test.columns);
    expect(auc(p, test.label)).toBeGreaterThan(0.8);
    for (const value of p) expect(value > 0 && value < 1).toBe(true);
  });

  it('averages unshrunk trees: the learning rate does not matter, and each tree is 1/trees of its full step', () => {
    const a = trainGbdt(data, { ...forest, learningRate: 0.01 });
    const b = trainGbdt(data, { ...forest, learningRate: 0.9 });
    expect(a).toEqual(b);
    const one = trainGbdt(data, { ...forest, nEstimators: 1 });
    const two = trainGbdt(data, { ...forest, nEstimators: 2 });
    // The same first tree (same bootstrap), at weight 1 alone and 1/2 beside a second.
    expect(two.trees[0].value).toEqual(one.trees[0].value.map((v) => v / 2));
  });

  it('is deterministic per seed, decorrelated across seeds, and grown in steps like in one go', () => {
    expect(trainGbdt(data, forest)).toEqual(trainGbdt(data, forest));
    expect(trainGbdt(data, { ...forest, seed: 5 }).trees[0]).not.toEqual(trainGbdt(data, forest).trees[0]);
    const session = new BoostingSession(data, forest);
    session.advanceTo(10);
    session.advanceTo(30);
    expect(session.model()).toEqual(trainGbdt(data, forest));
    session.close();
  });

  it('refuses early stopping, which has no meaning for a forest', () => {
    expect(() => trainGbdt(data, { ...forest, earlyStoppingRounds: 5 }, { columns: test.columns, label: test.label })).toThrow(/early stopping/);
  });
});
