import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { TrainStageParams } from '@ares/contracts';
import { predictProba, trainGbdt } from '@ares/gbdt';
import { seededRandom } from '@ares/random';
import { sampleMoments } from '@ares/stats';
import { binaryLogLoss } from '../cross-validation/log-loss';
import { CvSplit } from '../cross-validation/purged-k-fold';
import { gbdtParamsOf } from '../gbdt-params-of';
import { ModelInputs } from '../model-inputs';
import { FeatureCluster } from './feature-clusters';

export interface ClusterImportance extends FeatureCluster {
  /** Per split: log loss with the cluster's columns permuted minus the unpermuted log loss (> 0: the cluster helps). */
  perFold: number[];
  mean: number;
  /** Fold-to-fold standard deviation (n − 1). */
  spread: number;
}

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
    const labels = Uint8Array.from(rows, (row) => target[row]);
    const baseline = binaryLogLoss(predictProba(model, inputs.columns, rows), labels);
    const rng = seededRandom(seed + 7919 * (split.index + 1));
    clusters.forEach((cluster, c) => {
      const order = shuffled(rows.length, rng);
      const columns = inputs.columns.map((column, f) => {
        if (!cluster.features.includes(inputs.featureNames[f])) return column;
        const permuted = Float64Array.from(column);
        for (let i = 0; i < rows.length; i++) permuted[rows[i]] = column[rows[order[i]]];
        return permuted;
      });
      perFold[c].push(binaryLogLoss(predictProba(model, columns, rows), labels) - baseline);
    });
    await yieldToEventLoop();
  }
  return clusters.map((cluster, c) => {
    const values = perFold[c];
    const { mean, std: spread } = sampleMoments(values);
    return { ...cluster, perFold: values, mean, spread };
  });
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
