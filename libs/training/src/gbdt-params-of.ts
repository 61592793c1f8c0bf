import { TrainStageParams } from '@ares/contracts';
import { GbdtParams } from '@ares/gbdt';

/** The booster's settings for the train stage's params: binary objective, the RunSpec's seed. */
export function gbdtParamsOf(params: TrainStageParams, seed: number): GbdtParams {
  const g = params.gbdt;
  return {
    objective: 'binary',
    nEstimators: g.nEstimators,
    learningRate: g.learningRate,
    maxDepth: g.maxDepth,
    maxLeaves: g.maxLeaves,
    minDataInLeaf: g.minDataInLeaf,
    minChildWeight: g.minChildWeight,
    lambda: g.lambda,
    subsample: g.subsample,
    colsampleByTree: g.colsampleByTree,
    maxBins: g.maxBins,
    seed,
    classWeight: params.classWeight === 'balanced' ? 'balanced' : undefined,
  };
}
