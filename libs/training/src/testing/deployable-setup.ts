import { Costs, EnsembleStageParams, MetaLearnerStageParams, TrainStageParams } from '@ares/contracts';
import { Candles } from '@ares/market-data';
import { computeFeatures } from '@ares/ml';
import { HOUR } from '@ares/ml/testing';
import { horizonSigma } from '../barrier-scale';
import { entryThreshold } from '../baseline-model';
import { DeployableSetup } from '../ensemble/deployable-model';
import { buildModelInputs } from '../model-inputs';
import { labelBothSides } from '../sides/sided-labels';

export const BARRIER = { kTp: 1, kSl: 1, horizonBars: 12 };

/** A small, fast setup on synthetic candles for specs: one tuned configuration of 30 rounds, a 20-tree forest, the logistic baseline. */
export function deployableSetupFor(candles: Candles, costs = new Costs()): DeployableSetup & { costs: Costs } {
  const features = computeFeatures(candles, { timeframeMs: HOUR });
  const columns: Record<string, Float64Array> = { close: candles.close };
  features.names.forEach((name, index) => {
    columns[name] = features.columns[index];
  });
  const inputs = buildModelInputs({ timestamps: candles.timestamps, columns }, candles, new Uint8Array(candles.length).fill(1), HOUR, 'vol_24');
  const trainParams = new TrainStageParams();
  trainParams.gbdt = { ...trainParams.gbdt, nEstimators: 30 };
  return {
    inputs,
    labels: labelBothSides(inputs, BARRIER),
    trainParams,
    leaders: [{ trial: 'broad-0', params: { maxDepth: 3, learningRate: 0.1 }, rounds: 30 }],
    ensemble: Object.assign(new EnsembleStageParams(), { topConfigs: 1, seeds: 2, randomForestTrees: 20, folds: 3 }),
    meta: Object.assign(new MetaLearnerStageParams(), { folds: 3, minBets: 20 }),
    seed: 7,
    embargoBars: BARRIER.horizonBars,
    thresholdOf: entryThreshold(trainParams, horizonSigma(inputs.sigma, BARRIER.horizonBars), BARRIER, costs),
    costs,
  };
}
