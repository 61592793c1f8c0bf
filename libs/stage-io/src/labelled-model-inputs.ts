import { stageParamsOf, timeframeToMs } from '../../contracts/src';
import { TripleBarrierLabels, TripleBarrierParams } from '../../ml/src';
import { failingAsStage, StageContext } from '../../stage-runtime/src';
import { buildModelInputs, labelsFromMatrix, ModelInputs } from '../../training/src';
import { chosenBarrier, readFeatures, readLabels, readMaskedDataset } from './stage-artifacts';

/** What train and walk-forward both start from: features, candles and mask joined, the labels, the chosen barriers. */
export async function readLabelledModelInputs(context: StageContext): Promise<{ inputs: ModelInputs; labels: TripleBarrierLabels; barrier: TripleBarrierParams }> {
  const volatilityFeature = stageParamsOf(context.spec, 'target-params').volatilityFeature;
  const barrier = chosenBarrier(context);
  const [features, { candles, mask }, labelMatrix] = await Promise.all([readFeatures(context), readMaskedDataset(context), readLabels(context)]);
  return failingAsStage(() => ({
    inputs: buildModelInputs(features, candles, mask, timeframeToMs(context.spec.timeframe), volatilityFeature),
    labels: labelsFromMatrix(labelMatrix, candles.length),
    barrier,
  }));
}
