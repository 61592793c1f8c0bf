import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { TrainStageParams } from '@ares/contracts';
import { predictProba, trainGbdt } from '@ares/gbdt';
import { seededRandom } from '@ares/random';
import { CvSplit } from '../cross-validation/purged-k-fold';
import { gbdtParamsOf } from '../model-family';
import { ModelInputs } from '../model-inputs';
import { FeatureCluster } from './feature-clusters';

export interface ClusterImportance extends FeatureCluster {
  /** Per split: log loss with the cluster's columns permuted minus the unpermuted log loss (> 0: the cluster helps). */
  perFold: number[];
  mean: number;
  /** Fold-to-fold standard deviation (n − 1). */
  spread: number;
}

const CLIP = 1e-12;

/**
 * Mean decrease in accuracy by cluster (López de Prado, *Machine Learning for Asset Managers*, ch. 6): on each purged
 * split a GBDT is fitted on the training rows; the increase in out-of-sample log loss when a cluster's columns are
 * permuted together across the scored test rows is that cluster's importance on the split. Permuting whole clusters
 * keeps substitutes from hiding each other. Permutations draw from `seed`, so the figures are reproducible.
 */
export async function clusteredMda(
  inputs: ModelInputs,
  target: Uint8Array,
  splits: readonly CvSplit[],
  clusters: readonly FeatureCluster[],
  params: TrainStageParams,
  seed: number,
): Promise<ClusterImportance[]> {
  const perFold: number[][] = clusters.map(() => []);
  const label = Float64Array.from(target);
  for (const split of splits) {
    const model = trainGbdt({ columns: inputs.columns, featureNames: inputs.featureNames, label, rows: split.trainRows }, gbdtParamsOf(params, seed));
    const rows = split.scoredRows;
    const baseline = logLoss(predictProba(model, inputs.columns, rows), target, rows);
    const rng = seededRandom(seed + 7919 * (split.index + 1));
    clusters.forEach((cluster, c) => {
      const order = shuffled(rows.length, rng);
      const columns = inputs.columns.map((column, f) => {
        if (!cluster.features.includes(inputs.featureNames[f])) return column;
        const permuted = Float64Array.from(column);
        for (let i = 0; i < rows.length; i++) permuted[rows[i]] = column[rows[order[i]]];
        return permuted;
      });
      perFold[c].push(logLoss(predictProba(model, columns, rows), target, rows) - baseline);
    });
    await yieldToEventLoop();
  }
  return clusters.map((cluster, c) => {
    const values = perFold[c];
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const spread = values.length > 1 ? Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
    return { ...cluster, perFold: values, mean, spread };
  });
}

function logLoss(p: Float64Array, target: Uint8Array, rows: Int32Array): number {
  let sum = 0;
  rows.forEach((row, i) => {
    const q = Math.min(1 - CLIP, Math.max(CLIP, p[i]));
    sum -= target[row] === 1 ? Math.log(q) : Math.log(1 - q);
  });
  return rows.length > 0 ? sum / rows.length : 0;
}

/** Fisher–Yates permutation of 0..n−1. */
function shuffled(n: number, rng: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
