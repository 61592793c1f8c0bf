import { GbdtModelJson, GbdtParams, trainGbdt } from '@ares/gbdt';
import { fitLogisticRegression } from '@ares/ml';
import type { LinearProbabilityModel } from '@ares/onnx';
import type { StackedModelSpec } from '../stacked-model-spec';
import { normal, seededRandom } from './seeded-random';

/** A seeded dataset and a trained ensemble over it, for the stacked-model specs. */
export interface StackedFixture {
  featureNames: string[];
  columns: Float64Array[];
  /** 0/1 targets: a long and a short barrier label, driven by different features. */
  long: Float64Array;
  short: Float64Array;
}

/** Six features on different scales (one price-like, where float32 input rounding shows); no NaN. */
export function stackedDataset(n = 4000, seed = 31): StackedFixture {
  const rand = seededRandom(seed);
  const featureNames = ['ret_1', 'ret_12', 'vol_24', 'rsi_14', 'close', 'volume'];
  const columns = featureNames.map(() => new Float64Array(n));
  const long = new Float64Array(n);
  const short = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = featureNames.map(() => normal(rand));
    const row = [x[0] * 0.01, x[1] * 0.03, Math.exp(x[2] * 0.3) * 0.02, 50 + 12 * x[3], 25_000 + 400 * x[4], Math.exp(x[5] + 10)];
    row.forEach((v, j) => (columns[j][i] = v));
    const zLong = 1.2 * Math.sin(2 * x[0]) + 0.8 * x[1] * x[2] + (x[3] > 0.5 ? 0.7 : -0.3) + 0.5 * normal(rand);
    const zShort = -0.9 * x[0] + 0.6 * x[4] - (x[5] > 0 ? 0.5 : 0) + 0.5 * normal(rand);
    long[i] = rand() < 1 / (1 + Math.exp(-zLong)) ? 1 : 0;
    short[i] = rand() < 1 / (1 + Math.exp(-zShort)) ? 1 : 0;
  }
  return { featureNames, columns, long, short };
}

export function trainBinary(data: StackedFixture, label: Float64Array, params: Omit<GbdtParams, 'objective'>): GbdtModelJson {
  return trainGbdt({ columns: data.columns, featureNames: data.featureNames, label }, { objective: 'binary', ...params });
}

export function fitLinear(data: StackedFixture, label: Float64Array): LinearProbabilityModel {
  const rows = Int32Array.from({ length: label.length }, (_, i) => i);
  return fitLogisticRegression(data.columns, data.featureNames, Uint8Array.from(label), rows, { l2: 1, classWeight: 'none' });
}

/**
 * Two boosted models and a random forest (boosting: 'rf') and a logistic model, a stacking layer of two outputs over
 * the four logits, and a meta layer of two outputs over the four logits and the two stack logits.
 */
export function stackedEnsembleSpec(data: StackedFixture): StackedModelSpec {
  const learners = ['gbdt_a', 'gbdt_b', 'rf', 'linear'];
  return {
    featureNames: data.featureNames,
    learners: [
      { name: 'gbdt_a', kind: 'trees', model: trainBinary(data, data.long, { nEstimators: 60, maxDepth: 4, learningRate: 0.1, seed: 1 }) },
      {
        name: 'gbdt_b',
        kind: 'trees',
        model: trainBinary(data, data.long, { nEstimators: 40, maxDepth: 6, learningRate: 0.15, subsample: 0.8, colsampleByTree: 0.7, seed: 2 }),
      },
      {
        name: 'rf',
        kind: 'trees',
        model: trainBinary(data, data.long, { boosting: 'rf', nEstimators: 40, maxDepth: 6, colsampleByTree: 0.6, seed: 3 }),
      },
      { name: 'linear', kind: 'linear', model: fitLinear(data, data.long) },
    ],
    layers: [
      {
        inputs: learners,
        outputs: [
          { name: 'stack_long', weights: [0.35, 0.3, 0.2, 0.25], bias: 0.05 },
          { name: 'stack_alt', weights: [0.6, -0.15, 0.45, 0.3], bias: -0.1 },
        ],
      },
      {
        inputs: [...learners, 'stack_long', 'stack_alt'],
        outputs: [
          { name: 'meta_a', weights: [0.1, 0.2, -0.3, 0.15, 0.9, 0.2], bias: 0.3 },
          { name: 'meta_b', weights: [-0.2, 0.1, 0.25, 0.4, 0.5, -0.6], bias: -0.25 },
        ],
      },
    ],
    outputs: ['stack_long', 'stack_alt', 'meta_a', 'meta_b'],
    kind: 'stacked-ensemble',
  };
}
