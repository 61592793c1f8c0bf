import { stageParamsOf, timeframeToMs } from '@ares/contracts';
import { TripleBarrierLabels, TripleBarrierParams } from '@ares/ml';
import { failingAsStage, StageContext } from '@ares/stage-runtime';
import { buildModelInputs, labelsFromMatrix, ModelInputs } from '@ares/training';
import { chosenBarrier, readFeatures, readLabels, readMaskedDataset } from './stage-artifacts';

/** What train and walk-forward both start from: features, candles and mask joined, the labels, the chosen barriers. */
export async function readLabelledModelInputs(
  context: StageContext,
): Promise<{ inputs: ModelInputs; labels: TripleBarrierLabels; barrier: TripleBarrierParams; extra: Record<string, Float64Array> }> {
  const volatilityFeature = stageParamsOf(context.spec, 'target-params').volatilityFeature;
  const barrier = chosenBarrier(context);
  const [features, { candles, mask, extra }, labelMatrix] = await Promise.all([
    readFeatures(context),
    readMaskedDataset(context),
    readLabels(context),
  ]);
  return failingAsStage(() => ({
    inputs: buildModelInputs(features, candles, mask, timeframeToMs(context.spec.timeframe), volatilityFeature),
    labels: labelsFromMatrix(labelMatrix, candles.length),
    barrier,
    extra,
  }));
}
