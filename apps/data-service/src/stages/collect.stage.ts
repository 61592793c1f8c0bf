import { ExtraSeries, RunSpec, runSpecRangeMs, StageOutput, timeframeToMs } from '@ares/contracts';
import {
  CANDLES_MEDIA_TYPE,
  CandleRequest,
  countFundingEvents,
  encodeCandles,
  FUNDING_RATE_COLUMN,
  FUNDING_SETTLEMENT_COLUMN,
  FundingEvents,
  fundingSettlement,
  isoTime,
  MarketDataSource,
  servesFunding,
  timeRange,
} from '@ares/market-data';
import { forwardFillGaps } from '@ares/market-data';
import { alignAsOf } from '@ares/ml';
import { Stage, StageContext, StageFacts, StageFailure } from '@ares/stage-runtime';
import { FUNDING_LOOKBACK_MS } from '../exchange/stored-exchange-source';
import { sourceFailure } from './source-failure';

/** How far past the range funding is read: only to see that the series continues (see execute). */
const FUNDING_LOOKAHEAD_MS = 24 * 3_600_000;

/**
 * Loads the RunSpec's candles from its market-data source and stores them as an Arrow dataset artifact.
 * On `market: 'perpetual'` the candles are the USDT-M perpetual's, and the dataset carries two more columns:
 * `fundingSettlement` (per bar, the funding rates settled during it; NaN where the funding series does not cover
 * the bar, see fundingSettlement in @ares/market-data) and `fundingRate` (the rate known at the bar's close).
 */
export class CollectStage implements Stage {
  readonly name = 'collect' as const;
  readonly version = '2';

  /** Its output depends on these RunSpec fields only (and its params and inputs), so runs differing elsewhere share it. */
  cacheScope({ symbol, exchange, timeframe, from, to, source, gapPolicy, extraSeries, market }: RunSpec): unknown {
    return { symbol, exchange, timeframe, from, to, source, gapPolicy, extraSeries, market };
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
    if (context.spec.market === 'perpetual' && !servesFunding(source)) {
      throw new StageFailure(`market "perpetual" needs funding events, which the ${context.spec.source} source does not serve`);
    }
  }

  async fingerprint(context: StageFacts): Promise<string> {
    const source = this.sources[context.spec.source];
    if (!source) return '';
    return this.fromSource(context, 'cannot identify the market data', () => source.fingerprint(this.request(context)));
  }

  async execute(context: StageContext): Promise<StageOutput> {
    const request = this.request(context);
    const perpetual = request.market === 'perpetual';
    const candlesName = `${request.symbol}${perpetual ? ' perpetual' : ''} ${request.timeframe} candles`;
    const what = `cannot load ${candlesName} from the ${context.spec.source} source`;
    const source = this.sources[context.spec.source];
    const candles = await this.fromSource(context, what, () => source.fetchCandles(request, context.signal));
    if (candles.length === 0) {
      throw new StageFailure(`no ${candlesName} between ${context.spec.from} and ${context.spec.to} in the ${context.spec.source} source`);
    }
    await context.progress(0.8, `loaded ${candles.length} candles`);
    const barMs = timeframeToMs(context.spec.timeframe);
    const gapFill = context.spec.gapPolicy === 'forward-fill' ? forwardFillGaps(candles, barMs) : undefined;
    const dataset = gapFill?.candles ?? candles;
    const extra: Record<string, Float64Array> = gapFill ? { filled: Float64Array.from(gapFill.filled) } : {};
    let fundingEvents: number | undefined;
    if (perpetual && servesFunding(source)) {
      await context.progress(0.82, `collecting ${request.symbol} perpetual funding`);
      // From a little before the range to a little after it: the first bars then know the rate in force, and the
      // series visibly goes on at both ends, so no bar of the range is taken as uncovered for want of a neighbour.
      // Events outside the range place nothing on its bars (a bar takes only the events inside it, the as-of rate
      // only earlier ones).
      const fundingRequest = { ...request, fromMs: request.fromMs - FUNDING_LOOKBACK_MS, toMs: request.toMs + FUNDING_LOOKAHEAD_MS };
      const funding = await this.fromSource(context, `cannot load ${request.symbol} perpetual funding from the ${context.spec.source} source`, () =>
        source.fetchFunding(fundingRequest, context.signal),
      );
      const fundingWhat = `${request.symbol} perpetual funding from the ${context.spec.source} source`;
      Object.assign(extra, fundingColumns(funding, fundingRequest, dataset.timestamps, barMs, fundingWhat));
      fundingEvents = countFundingEvents(funding.timestamps, request.fromMs, request.toMs);
    }
    // On 'perpetual' collect has the funding already (fundingRate included): the source need not fetch it again.
    const extraSeries = perpetual ? context.spec.extraSeries.filter((series) => series !== 'funding') : context.spec.extraSeries;
    if (extraSeries.length > 0 && isExtraSeriesSource(source)) {
      await context.progress(0.85, `collecting ${extraSeries.join(', ')}`);
      const series = await this.fromSource(context, `cannot collect ${extraSeries.join(', ')}`, () =>
        source.fetchExtras(request, extraSeries, dataset.timestamps, context.signal),
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
        ...(fundingEvents !== undefined ? { fundingEvents } : {}),
        ...coverageOf(extra),
      },
      summary: {
        source: context.spec.source,
        symbol: request.symbol,
        ...(perpetual ? { market: 'perpetual' } : {}),
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
    const { exchange, symbol, timeframe, market } = context.spec;
    return { exchange, symbol, timeframe, fromMs, toMs, ...(market === 'perpetual' ? { market } : {}) };
  }
}

/**
 * The perpetual's funding as dataset columns: `fundingSettlement` (what a position held through each bar pays or
 * receives, per unit of notional; NaN where the series does not cover the bar) and `fundingRate` (as of each bar's
 * close, as `extraSeries: ['funding']` aligns it). Out-of-order or repeated funding times fail the stage for good.
 */
function fundingColumns(
  funding: FundingEvents,
  asked: CandleRequest,
  barTimes: Float64Array,
  barMs: number,
  what: string,
): Record<string, Float64Array> {
  if (funding.timestamps.length < 2) {
    throw new StageFailure(
      `${what}: ${funding.timestamps.length} funding event(s) in [${isoTime(asked.fromMs)}, ${isoTime(asked.toMs)}); ` +
        'at least two are needed to know the funding interval and place funding on the bars',
    );
  }
  try {
    return {
      [FUNDING_SETTLEMENT_COLUMN]: fundingSettlement(funding, barTimes, barMs),
      [FUNDING_RATE_COLUMN]: alignAsOf(funding.timestamps, funding.rates, barTimes, barMs),
    };
  } catch (error) {
    throw new StageFailure(`${what}: ${(error as Error).message}`, { cause: error });
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
