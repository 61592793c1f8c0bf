import { GbdtModelJson } from '../model/gbdt-model';
import { BinaryLogistic } from '../objective/binary-logistic';
import { predictProba, predictRaw } from '../predict/gbdt-predictor';
import { auc, syntheticBinary, syntheticMulticlass, syntheticRegression } from '../testing/synthetic';
import { trainGbdt } from './gbdt-booster';

const repeat = (values: number[], times: number) => Float64Array.from({ length: values.length * times }, (_, i) => values[i % values.length]);

describe('trainGbdt', () => {
  it('fits a regression stump with exact leaf values', () => {
    // x ∈ {1,2,3,4} ×10; y = 0 for x ≤ 2, else 1. Base 0.5, so g = ±0.5, h = 1 per row.
    const x = repeat([1, 2, 3, 4], 10);
    const y = x.map((v) => (v > 2 ? 1 : 0));
    const m = trainGbdt(
      { columns: [x], featureNames: ['x'], label: y },
      { objective: 'regression', nEstimators: 1, maxDepth: 1, learningRate: 0.1, lambda: 1, minDataInLeaf: 1 },
    );
    expect(m.baseScore).toEqual([0.5]);
    const t = m.trees[0];
    expect(t.feature).toEqual([0, -1, -1]);
    expect(t.threshold[0]).toBe(2.5);
    // leaf = −G/(H+λ)·lr: left G = 20·0.5 = 10, H = 20.
    expect(t.value[1]).toBeCloseTo((-10 / 21) * 0.1, 15);
    expect(t.value[2]).toBeCloseTo((10 / 21) * 0.1, 15);
    // gain = ½[10²/21 + 10²/21 − 0]
    expect(m.featureImportance).toEqual({ gain: [expect.closeTo(100 / 21, 12)], split: [1] });
  });

  it('fits a binary stump with exact leaf values', () => {
    const x = repeat([1, 2, 3, 4], 10);
    const y = x.map((v) => (v > 2 ? 1 : 0));
    const m = trainGbdt(
      { columns: [x], featureNames: ['x'], label: y },
      { objective: 'binary', nEstimators: 1, maxDepth: 1, learningRate: 0.3, lambda: 1, minChildWeight: 0, minDataInLeaf: 1 },
    );
    expect(m.baseScore[0]).toBeCloseTo(0, 12);
    // p = ½: g = ±½, h = ¼ per row; left G = 10, H = 5.
    expect(m.trees[0].value[1]).toBeCloseTo((-10 / 6) * 0.3, 12);
    expect(m.trees[0].value[2]).toBeCloseTo((10 / 6) * 0.3, 12);
  });

  it('learns where missing values should go', () => {
    for (const nanLooksHigh of [true, false]) {
      const x = repeat([1, 2, 3, 4, NaN], 20);
      const y = x.map((v) => (v !== v ? (nanLooksHigh ? 1 : 0) : v > 2 ? 1 : 0));
      const m = trainGbdt({ columns: [x], featureNames: ['x'], label: y }, { objective: 'binary', nEstimators: 20, maxDepth: 1, minDataInLeaf: 1 });
      expect(m.trees[0].defaultLeft[0]).toBe(!nanLooksHigh);
      const p = predictProba(m, [Float64Array.of(NaN, 1, 4)]);
      expect(p[0] > 0.5).toBe(nanLooksHigh);
      expect(p[1]).toBeLessThan(0.5);
      expect(p[2]).toBeGreaterThan(0.5);
    }
  });

  it('stops early and keeps the best iteration', () => {
    const train = syntheticBinary(2000, 5, 1),
      valid = syntheticBinary(1000, 5, 2);
    const params = { objective: 'binary' as const, learningRate: 0.5, maxLeaves: 63, maxDepth: 8, minDataInLeaf: 5 };
    const stopped = trainGbdt(train, { ...params, nEstimators: 500, earlyStoppingRounds: 5 }, valid);
    const best = stopped.bestIteration!;
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(100);
    expect(stopped.trees.length).toBe(best);
    // The full run up to the stopping point: its best prefix is the one kept.
    const full = trainGbdt(train, { ...params, nEstimators: best + 5 });
    const obj = new BinaryLogistic();
    const losses = Array.from({ length: best + 5 }, (_, r) =>
      obj.loss(predictRaw({ ...full, trees: full.trees.slice(0, r + 1) }, valid.columns), valid.label, valid.label.length),
    );
    expect(losses.indexOf(Math.min(...losses)) + 1).toBe(best);
    expect(JSON.stringify(full.trees.slice(0, best))).toBe(JSON.stringify(stopped.trees));
  });

  it('is deterministic for a seed, with row and column sampling too', () => {
    const d = syntheticBinary(3000, 8, 3);
    const params = { objective: 'binary' as const, nEstimators: 20, subsample: 0.7, colsampleByTree: 0.5, seed: 7 };
    const a = JSON.stringify(trainGbdt(d, params));
    expect(JSON.stringify(trainGbdt(d, params))).toBe(a);
    expect(JSON.stringify(trainGbdt(d, { ...params, seed: 8 }))).not.toBe(a);
  });

  it('gives identical predictions after a strictly monotone transform of a feature', () => {
    const d = syntheticBinary(3000, 5, 4);
    d.columns[0] = d.columns[0].map((v) => Math.round(v * 1000) / 1000);
    const m1 = trainGbdt(d, { objective: 'binary', nEstimators: 30 });
    const transformed = [d.columns[0].map(Math.exp), ...d.columns.slice(1)];
    const m2 = trainGbdt({ ...d, columns: transformed }, { objective: 'binary', nEstimators: 30 });
    expect(Array.from(predictProba(m2, transformed))).toEqual(Array.from(predictProba(m1, d.columns)));
  });

  it('separates a seeded synthetic binary task (AUC > 0.8 on held-out rows)', () => {
    const train = syntheticBinary(5000, 10, 5),
      test = syntheticBinary(2000, 10, 6);
    const m = trainGbdt(train, { objective: 'binary', nEstimators: 100 });
    expect(auc(predictProba(m, test.columns), test.label)).toBeGreaterThan(0.8);
    // The informative features carry the most gain.
    const g = m.featureImportance.gain;
    expect(Math.max(...g.slice(5))).toBeLessThan(Math.min(g[0], g[1]));
  });

  it('learns the same with rows wider than one SIMD register (40 features: 48 bytes of bins per row)', () => {
    const train = syntheticBinary(5000, 40, 5),
      test = syntheticBinary(2000, 40, 6);
    const params = { objective: 'binary' as const, nEstimators: 60, colsampleByTree: 0.8 };
    const m = trainGbdt(train, params);
    expect(auc(predictProba(m, test.columns), test.label)).toBeGreaterThan(0.8);
    expect(JSON.stringify(trainGbdt(train, { ...params, numThreads: 2 }))).toBe(JSON.stringify(m));
  });

  it('balanced class weights lift the rare class', () => {
    const d = syntheticBinary(4000, 5, 9);
    d.label = d.label.map((y, i) => (y === 1 && i % 4 !== 0 ? 0 : y)); // make class 1 rare
    const mean = (m: GbdtModelJson) => predictProba(m, d.columns).reduce((a, b) => a + b, 0) / d.label.length;
    const plain = trainGbdt(d, { objective: 'binary', nEstimators: 30 });
    const balanced = trainGbdt(d, { objective: 'binary', nEstimators: 30, classWeight: 'balanced' });
    expect(mean(balanced)).toBeGreaterThan(mean(plain) + 0.1);
  });

  it('multiclass probabilities sum to 1 and beat chance', () => {
    const train = syntheticMulticlass(3000, 4, 7),
      test = syntheticMulticlass(1000, 4, 8);
    const m = trainGbdt(train, { objective: 'multiclass', numClass: 3, nEstimators: 40 });
    expect(m.numClass).toBe(3);
    expect(m.trees.length).toBe(120);
    expect(m.trees.slice(0, 3).map((t) => t.classIndex)).toEqual([0, 1, 2]);
    const p = predictProba(m, test.columns);
    let correct = 0;
    for (let i = 0; i < 1000; i++) {
      const row = [p[i * 3], p[i * 3 + 1], p[i * 3 + 2]];
      expect(row[0] + row[1] + row[2]).toBeCloseTo(1, 12);
      if (row.indexOf(Math.max(...row)) === test.label[i]) correct++;
    }
    expect(correct / 1000).toBeGreaterThan(0.8);
  });

  it('regression reduces the mean squared error', () => {
    const train = syntheticRegression(3000, 4, 10),
      test = syntheticRegression(1000, 4, 11);
    const m = trainGbdt(train, { objective: 'regression', nEstimators: 100 });
    const pred = predictProba(m, test.columns);
    const mean = test.label.reduce((a, b) => a + b, 0) / 1000;
    let mse = 0,
      variance = 0;
    for (let i = 0; i < 1000; i++) {
      mse += (pred[i] - test.label[i]) ** 2;
      variance += (test.label[i] - mean) ** 2;
    }
    expect(mse).toBeLessThan(0.2 * variance);
  });

  it('trains on a row subset only', () => {
    const d = syntheticBinary(2000, 4, 12);
    const rows = Int32Array.from({ length: 1000 }, (_, i) => i * 2);
    const sub = trainGbdt({ ...d, rows }, { objective: 'binary', nEstimators: 10 });
    const copied = trainGbdt(
      { columns: d.columns.map((c) => c.filter((_, i) => i % 2 === 0)), featureNames: d.featureNames, label: d.label.filter((_, i) => i % 2 === 0) },
      { objective: 'binary', nEstimators: 10 },
    );
    expect(JSON.stringify(sub)).toBe(JSON.stringify(copied));
  });
});

describe('trainGbdt with worker threads', () => {
  it('builds the identical model at 1, 2 and 3 threads', () => {
    // Large enough that the first levels' histograms are split between threads (see MIN_PARALLEL_WORK).
    const d = syntheticBinary(120_000, 12, 13);
    const params = { objective: 'binary' as const, nEstimators: 8, subsample: 0.8, colsampleByTree: 0.75 };
    const one = JSON.stringify(trainGbdt(d, params));
    expect(JSON.stringify(trainGbdt(d, { ...params, numThreads: 2 }))).toBe(one);
    expect(JSON.stringify(trainGbdt(d, { ...params, numThreads: 3 }))).toBe(one);
  });
});
