import { stageParamsOf } from '@ares/contracts';
import { TripleBarrierParams } from '@ares/ml';
import { failingAsStage, StageContext, StageFailure } from '@ares/stage-runtime';
import { DeployableSetup, entryThreshold, horizonSigma, labelBothSides, selectFeatures } from '@ares/training';
import { readLabelledModelInputs } from './labelled-model-inputs';
import { TunedModel, tunedModel } from './tuned-model';

/** The dataset column collect writes on a perpetual: per bar, the summed rates of the funding times in it. */
export const FUNDING_SETTLEMENT_COLUMN = 'fundingSettlement';

export interface DeployableContext {
  setup: DeployableSetup;
  barrier: TripleBarrierParams;
  tuned: TunedModel;
  /** A perpetual's funding settlements per bar; undefined on spot. */
  funding?: Float64Array;
}

/**
 * What train, ensemble, meta-learner and walk-forward fit any model kind from: hpo's features and tuned params, both
 * sides' labels on the chosen barriers, the break-even entry threshold, the stages' params, and the perpetual's
 * funding when the RunSpec trades one.
 */
export async function readDeployableContext(context: StageContext): Promise<DeployableContext> {
  const tuned = tunedModel(context);
  const labelled = await readLabelledModelInputs(context);
  const { barrier } = labelled;
  const inputs = failingAsStage(() => selectFeatures(labelled.inputs, tuned.features));
  const labels = failingAsStage(() => labelBothSides(inputs, barrier, labelled.labels));
  let funding: Float64Array | undefined;
  if (context.spec.market === 'perpetual') {
    funding = labelled.extra[FUNDING_SETTLEMENT_COLUMN];
    if (!funding) throw new StageFailure(`a perpetual run needs collect's '${FUNDING_SETTLEMENT_COLUMN}' column, which the dataset lacks`);
  }
  const sigma = horizonSigma(inputs.sigma, barrier.horizonBars);
  return {
    setup: {
      inputs,
      labels,
      trainParams: tuned.trainParams,
      leaders: tuned.leaders,
      ensemble: stageParamsOf(context.spec, 'ensemble'),
      meta: stageParamsOf(context.spec, 'meta-learner'),
      seed: context.spec.seed,
      embargoBars: barrier.horizonBars,
      thresholdOf: entryThreshold(tuned.trainParams, sigma, barrier, context.spec.costs),
    },
    barrier,
    tuned,
    funding,
  };
}
