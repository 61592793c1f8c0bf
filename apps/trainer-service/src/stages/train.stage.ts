import { createHash } from 'node:crypto';
import { stageParamsOf, StageOutput } from '@ares/contracts';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { chosenBarrier, readLabelledModelInputs, tunedModel } from '@ares/stage-io';
import { fitModel, rowsWhere, selectFeatures, takeProfitTarget, toPortableModel } from '@ares/training';

export const ONNX_MEDIA_TYPE = 'application/onnx';

/**
 * Trains the deployable model (the RunSpec's family: logistic baseline or GBDT, with hpo's features and params) on
 * every labelled row and exports it to ONNX. The three-way labels become a
 * binary target: 1 when the take-profit barrier is touched first, 0 for stop-loss first or the vertical
 * barrier — the model estimates the probability that a long entry now reaches its take-profit. The stage
 * fails unless onnxruntime-node reproduces the in-process predictions on the training matrix to 1e-5.
 */
export class TrainStage implements Stage<'train'> {
  readonly name = 'train' as const;
  readonly version = '3';

  validateInput(context: StageContext<'train'>): void {
    chosenBarrier(context);
    tunedModel(context);
  }

  async execute(context: StageContext<'train'>): Promise<StageOutput> {
    const tuned = tunedModel(context);
    const params = tuned.trainParams;
    const labelled = await readLabelledModelInputs(context);
    const { labels, barrier } = labelled;
    const inputs = failingAsStage(() => selectFeatures(labelled.inputs, tuned.features));
    const { candles } = inputs;
    const volatilityFeature = stageParamsOf(context.spec, 'target-params').volatilityFeature;
    const rows = rowsWhere(0, candles.length, (row) => labels.valid[row] === 1 && inputs.usable[row] === 1);
    const target = takeProfitTarget(labels);
    const model = failingAsStage(() => fitModel(context.spec.model, context.spec.seed, inputs, target, rows, params));
    await context.progress(0.6, `fitted ${context.spec.model} on ${rows.length} rows; checking the ONNX export`);
    const inProcess = model.predict(inputs, rows);
    const portable = await toPortableModel(model, inputs.columns, rows, inProcess).catch((error: Error) => {
      throw new StageFailure(`the ONNX export does not reproduce the model: ${error.message}`);
    });
    const modelSha256 = createHash('sha256').update(portable.onnx).digest('hex');
    const modelRef = await context.artifacts.put(portable.onnx, ONNX_MEDIA_TYPE);
    let positives = 0;
    for (const row of rows) positives += target[row];
    const card = {
      ...model.card(),
      target: 'P(take-profit barrier touched first)',
      threshold: params.threshold ?? 'break-even after costs',
      barrier,
      barrierSigma: `${volatilityFeature} × √horizonBars`,
      classWeight: params.classWeight,
      seed: context.spec.seed,
      tunedBy: { stage: 'hpo', trial: tuned.trial },
      trainRows: rows.length,
      trainedOn: { from: new Date(candles.timestamps[rows[0]]).toISOString(), to: new Date(candles.timestamps[rows[rows.length - 1]]).toISOString() },
      onnx: { sha256: modelSha256, maxAbsDiff: portable.maxAbsDiff },
    };
    const cardRef = await context.artifacts.put(new TextEncoder().encode(JSON.stringify(card, null, 2)), 'application/json');
    return {
      artifacts: [
        { name: 'model', ...modelRef },
        { name: 'model-card', ...cardRef },
      ],
      metrics: {
        trainRows: rows.length,
        positiveRate: positives / rows.length,
        onnxMaxAbsDiff: portable.maxAbsDiff,
        modelBytes: portable.onnx.byteLength,
      },
      summary: {
        model: context.spec.model,
        modelSha256,
        features: inputs.featureNames,
        threshold: params.threshold ?? 'break-even after costs',
        barrier,
      },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!((output.metrics.onnxMaxAbsDiff ?? Infinity) <= 1e-5)) throw new StageFailure('ONNX parity was not established');
  }
}
