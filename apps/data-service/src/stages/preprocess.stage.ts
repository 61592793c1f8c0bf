import { RunSpec, StageOutput, timeframeToMs } from '@ares/contracts';
import { CANDLES_MEDIA_TYPE, encodeFeatureMatrix } from '@ares/market-data';
import { computeFeatures, FeatureExtras } from '@ares/ml';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { readCollectedDataset } from '@ares/stage-io';

/** Columns collect may carry beside the candles, by the name computeFeatures expects them under. */
const EXTRA_INPUTS = ['buyVolume', 'sellVolume', 'trades', 'fundingRate', 'openInterest'] as const;

/**
 * Builds the causal feature matrix from collect's candles, and from the extra series it collected
 * (aggTrades order flow, funding, open interest) when there are any. `featureSet: "core"` keeps the
 * seven original features only.
 */
export class PreprocessStage implements Stage<'preprocess'> {
  readonly name = 'preprocess' as const;
  readonly version = '2';

  /** Its output depends on these RunSpec fields only (and its params and inputs), so runs differing elsewhere share it. */
  cacheScope({ timeframe }: RunSpec): unknown {
    return { timeframe };
  }

  validateInput(context: StageContext<'preprocess'>): void {
    context.input('collect');
  }

  async execute(context: StageContext<'preprocess'>): Promise<StageOutput> {
    const { params } = context;
    const { candles, extra } = await readCollectedDataset(context);
    const extras: FeatureExtras = {};
    for (const name of EXTRA_INPUTS) if (extra[name]) extras[name] = extra[name];
    const features = failingAsStage(() =>
      computeFeatures(
        candles,
        {
          ...params,
          returnHorizons: [...params.returnHorizons],
          timeframeMs: timeframeToMs(context.spec.timeframe),
        },
        extras,
      ),
    );
    const columns: Record<string, Float64Array> = { close: candles.close };
    features.names.forEach((name, index) => {
      columns[name] = features.columns[index];
    });
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
    if ((output.metrics.completeRows ?? 0) === 0)
      throw new StageFailure("preprocess produced no row with every feature defined: the range is shorter than the features' warm-up");
  }
}
