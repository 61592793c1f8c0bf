import { StageOutput, timeframeToMs } from '../../../../libs/contracts/src';
import { CANDLES_MEDIA_TYPE, encodeFeatureMatrix } from '../../../../libs/market-data/src';
import { computeFeatures } from '../../../../libs/ml/src';
import { resolveStageParams, Stage, StageContext, StageFailure } from '../../../../libs/stage-runtime/src';
import { readCollectedDataset } from '../../../../libs/stage-io/src';

const DEFAULT_PARAMS = { returnHorizons: [1, 4, 24], volatilityWindow: 24, atrPeriod: 14, rsiPeriod: 14, volumeZWindow: 24 };

/** Builds the causal feature matrix from collect's candles. */
export class PreprocessStage implements Stage {
  readonly name = 'preprocess' as const;
  readonly version = '1';

  validateInput(context: StageContext): void {
    resolveStageParams(this.name, context.params, DEFAULT_PARAMS);
    context.input('collect');
  }

  async execute(context: StageContext): Promise<StageOutput> {
    const params = resolveStageParams(this.name, context.params, DEFAULT_PARAMS);
    const { candles } = await readCollectedDataset(context);
    const features = computeFeatures(candles, { ...params, returnHorizons: [...params.returnHorizons], timeframeMs: timeframeToMs(context.spec.timeframe) });
    const columns: Record<string, Float64Array> = { close: candles.close };
    features.names.forEach((name, index) => { columns[name] = features.columns[index]; });
    let completeRows = 0;
    for (let row = 0; row < candles.length; row++) {
      if (features.columns.every((column) => Number.isFinite(column[row]))) completeRows++;
    }
    const ref = await context.artifacts.put(encodeFeatureMatrix({ timestamps: candles.timestamps, columns }), CANDLES_MEDIA_TYPE);
    return {
      artifacts: [{ name: 'features', ...ref }],
      metrics: { rows: candles.length, features: features.names.length, warmupBars: features.warmup, completeRows },
      summary: { features: features.names },
    };
  }

  validateOutput(output: StageOutput): void {
    if ((output.metrics.completeRows ?? 0) === 0) throw new StageFailure('preprocess produced no row with every feature defined: the range is shorter than the features\' warm-up');
  }
}
