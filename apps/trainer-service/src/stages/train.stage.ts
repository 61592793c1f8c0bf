import { stageParamsOf, StageOutput, tunedFamilyOf } from '@ares/contracts';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { chosenBarrier, readDeployableContext, tunedModel } from '@ares/stage-io';
import { fitSingleModel, trainableRows } from '@ares/training';
import { storeModel } from './stored-model';

/**
 * Trains the single-model baseline of the tuned family (GBDT, or logistic when the RunSpec's model is logistic) on
 * every row both sides' labels cover, one model per side: P(a long entered now reaches its take-profit first) and
 * the same for a short, side by side in one ONNX graph. The stage fails unless onnxruntime-node reproduces the
 * in-process predictions on the training matrix to 1e-5.
 */
export class TrainStage implements Stage<'train'> {
  readonly name = 'train' as const;
  readonly version = '4';

  validateInput(context: StageContext<'train'>): void {
    chosenBarrier(context);
    tunedModel(context);
  }

  async execute(context: StageContext<'train'>): Promise<StageOutput> {
    const { setup, barrier, tuned } = await readDeployableContext(context);
    const family = tunedFamilyOf(context.spec.model);
    const { inputs, labels } = setup;
    const rows = trainableRows(labels);
    const model = failingAsStage(() => fitSingleModel(family, setup, rows));
    await context.progress(0.6, `fitted ${family} (long and short) on ${rows.length} rows; checking the ONNX export`);
    const volatilityFeature = stageParamsOf(context.spec, 'target-params').volatilityFeature;
    const stored = await storeModel(context, model, setup, rows, {
      threshold: tuned.trainParams.threshold ?? 'break-even after costs',
      barrier,
      barrierSigma: `${volatilityFeature} × √horizonBars`,
      classWeight: tuned.trainParams.classWeight,
      seed: context.spec.seed,
      tunedBy: { stage: 'hpo', trial: tuned.trial },
    });
    return {
      artifacts: stored.artifacts,
      metrics: stored.metrics,
      summary: {
        model: family,
        modelSha256: stored.sha256,
        features: inputs.featureNames,
        threshold: tuned.trainParams.threshold ?? 'break-even after costs',
        barrier,
      },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!((output.metrics.onnxMaxAbsDiff ?? Infinity) <= 1e-5)) throw new StageFailure('ONNX parity was not established');
  }
}
