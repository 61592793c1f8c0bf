import { ExtraSeries, RunSpec, runSpecRangeMs, StageOutput, timeframeToMs } from '@ares/contracts';
import { CANDLES_MEDIA_TYPE, CandleRequest, encodeCandles, MarketDataSource, timeRange } from '@ares/market-data';
import { forwardFillGaps } from '@ares/market-data';
import { Stage, StageContext, StageFacts, StageFailure } from '@ares/stage-runtime';
import { sourceFailure } from './source-failure';

/** Loads the RunSpec's candles from its market-data source and stores them as an Arrow dataset artifact. */
export class CollectStage implements Stage {
  readonly name = 'collect' as const;
  readonly version = '2';

  /** Its output depends on these RunSpec fields only (and its params and inputs), so runs differing elsewhere share it. */
  cacheScope({ symbol, exchange, timeframe, from, to, source, gapPolicy, extraSeries }: RunSpec): unknown {
    return { symbol, exchange, timeframe, from, to, source, gapPolicy, extraSeries };
  }

  constructor(private readonly sources: Record<string, MarketDataSource>) {}

  validateInput(context: StageContext): void {
    const source = this.sources[context.spec.source];
    if (!source) {
      throw new StageFailure(
        `source '${context.spec.source}' is not available in this data-service (available: ${Object.keys(this.sources).join(', ')})`,
      );
    }
    if (context.spec.extraSeries.length > 0 && !isExtraSeriesSource(source)) {
      throw new StageFailure(`extraSeries (${context.spec.extraSeries.join(', ')}) need source "exchange"`);
    }
  }

  async fingerprint(context: StageFacts): Promise<string> {
    const source = this.sources[context.spec.source];
    if (!source) return '';
    return this.fromSource(context, 'cannot identify the market data', () => source.fingerprint(this.request(context)));
  }

  async execute(context: StageContext): Promise<StageOutput> {
    const request = this.request(context);
    const what = `cannot load ${request.symbol} ${request.timeframe} candles from the ${context.spec.source} source`;
    const candles = await this.fromSource(context, what, () => this.sources[context.spec.source].fetchCandles(request, context.signal));
    if (candles.length === 0) {
      throw new StageFailure(
        `no ${request.symbol} ${request.timeframe} candles between ${context.spec.from} and ${context.spec.to} in the ${context.spec.source} source`,
      );
    }
    await context.progress(0.8, `loaded ${candles.length} candles`);
    const gapFill = context.spec.gapPolicy === 'forward-fill' ? forwardFillGaps(candles, timeframeToMs(context.spec.timeframe)) : undefined;
    const dataset = gapFill?.candles ?? candles;
    const extra: Record<string, Float64Array> = gapFill ? { filled: Float64Array.from(gapFill.filled) } : {};
    const source = this.sources[context.spec.source];
    if (context.spec.extraSeries.length > 0 && isExtraSeriesSource(source)) {
      await context.progress(0.85, `collecting ${context.spec.extraSeries.join(', ')}`);
      const series = await this.fromSource(context, `cannot collect ${context.spec.extraSeries.join(', ')}`, () =>
        source.fetchExtras(request, context.spec.extraSeries, dataset.timestamps, context.signal),
      );
      Object.assign(extra, series);
    }
    const ref = await context.artifacts.put(encodeCandles(dataset, { extra }), CANDLES_MEDIA_TYPE);
    const { firstMs, lastMs } = timeRange(candles);
    return {
      artifacts: [{ name: 'dataset', ...ref }],
      metrics: {
        rows: dataset.length,
        firstBarMs: firstMs,
        lastBarMs: lastMs,
        ...(gapFill ? { forwardFilledBars: gapFill.insertedBars } : {}),
        ...coverageOf(extra),
      },
      summary: {
        source: context.spec.source,
        symbol: request.symbol,
        timeframe: request.timeframe,
        firstBar: new Date(firstMs).toISOString(),
        lastBar: new Date(lastMs).toISOString(),
      },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!output.artifacts.some((artifact) => artifact.name === 'dataset')) throw new StageFailure('collect produced no dataset artifact');
  }

  /** A source call whose errors become permanent or transient StageFailures (see sourceFailure); a cancellation stays one. */
  private async fromSource<T>(context: StageFacts, what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason ?? error;
      throw sourceFailure(error, what, context.spec.source === 'exchange');
    }
  }

  private request(context: StageFacts): CandleRequest {
    const { fromMs, toMs } = runSpecRangeMs(context.spec);
    return { exchange: context.spec.exchange, symbol: context.spec.symbol, timeframe: context.spec.timeframe, fromMs, toMs };
  }
}

interface ExtraSeriesSource extends MarketDataSource {
  fetchExtras(
    request: CandleRequest,
    series: readonly ExtraSeries[],
    barTimes: Float64Array,
    signal?: AbortSignal,
  ): Promise<Record<string, Float64Array>>;
}

function isExtraSeriesSource(source: MarketDataSource | undefined): source is ExtraSeriesSource {
  return typeof (source as Partial<ExtraSeriesSource> | undefined)?.fetchExtras === 'function';
}

/** Share of bars each extra column has a value for, e.g. fundingRateCoverage = 1. */
function coverageOf(extra: Record<string, Float64Array>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, column] of Object.entries(extra)) {
    if (name === 'filled' || column.length === 0) continue;
    let present = 0;
    for (let i = 0; i < column.length; i++) if (Number.isFinite(column[i])) present++;
    out[`${name}Coverage`] = present / column.length;
  }
  return out;
}
