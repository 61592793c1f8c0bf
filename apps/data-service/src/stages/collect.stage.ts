import { runSpecRangeMs, StageOutput, timeframeToMs } from '../../../../libs/contracts/src';
import { CANDLES_MEDIA_TYPE, CandleRequest, encodeCandles, MarketDataSource, timeRange } from '../../../../libs/market-data/src';
import { forwardFillGaps } from '../../../../libs/market-data/src/forward-fill';
import { Stage, StageContext, StageFailure } from '../../../../libs/stage-runtime/src';

/** Loads the RunSpec's candles from its market-data source and stores them as an Arrow dataset artifact. */
export class CollectStage implements Stage {
  readonly name = 'collect' as const;
  readonly version = '1';

  constructor(private readonly sources: Record<string, MarketDataSource>) {}

  validateInput(context: StageContext): void {
    if (!this.sources[context.spec.source]) {
      throw new StageFailure(`source '${context.spec.source}' is not available in this data-service (available: ${Object.keys(this.sources).join(', ')})`);
    }
  }

  async fingerprint(context: StageContext): Promise<string> {
    return this.sources[context.spec.source]?.fingerprint(this.request(context)) ?? '';
  }

  async execute(context: StageContext): Promise<StageOutput> {
    const request = this.request(context);
    const candles = await this.sources[context.spec.source].fetchCandles(request, context.signal);
    if (candles.length === 0) {
      throw new StageFailure(`no ${request.symbol} ${request.timeframe} candles between ${context.spec.from} and ${context.spec.to} in the ${context.spec.source} source`);
    }
    await context.progress(0.8, `loaded ${candles.length} candles`);
    const gapFill = context.spec.gapPolicy === 'forward-fill' ? forwardFillGaps(candles, timeframeToMs(context.spec.timeframe)) : undefined;
    const dataset = gapFill?.candles ?? candles;
    const extra: Record<string, Float64Array> = gapFill ? { filled: Float64Array.from(gapFill.filled) } : {};
    const ref = await context.artifacts.put(encodeCandles(dataset, { extra }), CANDLES_MEDIA_TYPE);
    const { firstMs, lastMs } = timeRange(candles);
    return {
      artifacts: [{ name: 'dataset', ...ref }],
      metrics: { rows: dataset.length, firstBarMs: firstMs, lastBarMs: lastMs, ...(gapFill ? { forwardFilledBars: gapFill.insertedBars } : {}) },
      summary: { source: context.spec.source, symbol: request.symbol, timeframe: request.timeframe, firstBar: new Date(firstMs).toISOString(), lastBar: new Date(lastMs).toISOString() },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!output.artifacts.some((artifact) => artifact.name === 'dataset')) throw new StageFailure('collect produced no dataset artifact');
  }

  private request(context: StageContext): CandleRequest {
    const { fromMs, toMs } = runSpecRangeMs(context.spec);
    return { exchange: context.spec.exchange, symbol: context.spec.symbol, timeframe: context.spec.timeframe, fromMs, toMs };
  }
}
