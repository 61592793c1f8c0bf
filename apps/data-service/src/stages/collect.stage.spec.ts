/** @jest-environment ./libs/fake-exchange/src/ccxt-test-environment.ts */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunSpec } from '@ares/contracts';
import { InMemoryArtifactStore } from '@ares/artifacts';
import { syntheticFundingSeries, writeFreqtradeFuturesFiles } from '@ares/fake-exchange';
import { ccxtModule, decodeCandles, FileMarketDataSource, MarketDataSource } from '@ares/market-data';
import { StageContext, StageFailure } from '@ares/stage-runtime';
import { marketDataDir } from '../default-data-dir';
import { CollectStage } from './collect.stage';

/** A RunSpec with its defaults (collect reads it, it does not validate it). */
const spec = (extra: Partial<RunSpec> = {}): RunSpec =>
  Object.assign(new RunSpec(), { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-02-01', ...extra });

/** The part of a StageContext collect uses. */
function contextFor(runSpec: RunSpec): StageContext {
  return {
    runId: 'r1',
    stage: 'collect',
    attempt: 1,
    spec: runSpec,
    params: {},
    inputs: [],
    artifacts: new InMemoryArtifactStore(),
    signal: new AbortController().signal,
    progress: async () => undefined,
  } as unknown as StageContext;
}

/** A source whose every call fails with `error`. */
const failingSource = (kind: string, error: unknown): MarketDataSource => ({
  kind,
  fetchCandles: () => Promise.reject(error),
  fingerprint: () => Promise.reject(error),
});

async function failureOf(promise: Promise<unknown>): Promise<StageFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StageFailure);
  return error as StageFailure;
}

describe('collect: which failures are permanent', () => {
  it('a missing data file is permanent, naming what was looked for', async () => {
    const stage = new CollectStage({ file: new FileMarketDataSource({ directory: marketDataDir() }) });
    const failure = await failureOf(stage.execute(contextFor(spec({ symbol: 'DOGE/USDT' }))));
    expect(failure.permanent).toBe(true);
    expect(failure.message).toMatch(/cannot load DOGE\/USDT 1h candles from the file source: No candle file for DOGE\/USDT 1h/);
    // The cache fingerprint is asked first: it fails the same way.
    expect((await failureOf(stage.fingerprint(contextFor(spec({ symbol: 'DOGE/USDT' }))))).permanent).toBe(true);
  });

  it('an unparsable CSV row is permanent, naming file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ares-bad-csv-'));
    writeFileSync(
      join(dir, 'BTC_USDT-1h.csv'),
      'open_time,open,high,low,close,volume\n1672531200000,1,2,0.5,1.5,10\n1672534800000,1,two,0.5,1.5,10\n',
    );
    const stage = new CollectStage({ file: new FileMarketDataSource({ directory: dir }) });
    const failure = await failureOf(stage.execute(contextFor(spec())));
    expect(failure.permanent).toBe(true);
    expect(failure.message).toMatch(/BTC_USDT-1h\.csv:3: column "high" is not a number: "two"/);
  });

  it('no candles in the range is permanent', async () => {
    const stage = new CollectStage({ file: new FileMarketDataSource({ directory: marketDataDir() }) });
    const failure = await failureOf(stage.execute(contextFor(spec({ from: '2030-01-01', to: '2030-02-01' }))));
    expect(failure).toMatchObject({ permanent: true, message: expect.stringMatching(/no BTC\/USDT 1h candles/) });
  });

  it('a network error from the exchange source is transient; an exchange that says no (BadSymbol) is permanent', async () => {
    const ccxt = ccxtModule();
    const network = new CollectStage({ exchange: failingSource('exchange', new ccxt.NetworkError('binance GET /api/v3/klines ECONNRESET')) });
    const transient = await failureOf(network.execute(contextFor(spec({ source: 'exchange' }))));
    expect(transient).toMatchObject({ permanent: false, message: expect.stringMatching(/ECONNRESET/) });
    expect(transient.cause).toBeInstanceOf(ccxt.NetworkError);

    const timeout = new CollectStage({ exchange: failingSource('exchange', new ccxt.RequestTimeout('timed out')) });
    expect((await failureOf(timeout.execute(contextFor(spec({ source: 'exchange' }))))).permanent).toBe(false);

    const badSymbol = new CollectStage({ exchange: failingSource('exchange', new ccxt.BadSymbol('binance does not have market symbol')) });
    expect((await failureOf(badSymbol.execute(contextFor(spec({ source: 'exchange' }))))).permanent).toBe(true);
  });

  it('an unexpected I/O error is transient', async () => {
    const io = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    const stage = new CollectStage({ file: failingSource('file', io) });
    expect((await failureOf(stage.execute(contextFor(spec())))).permanent).toBe(false);
  });
});

describe('collect on market "perpetual" from freqtrade futures files', () => {
  const HOUR = 3_600_000;
  const T0 = Date.UTC(2023, 0, 1);
  const perpetual = (extra: Partial<RunSpec> = {}) => spec({ market: 'perpetual', ...extra });
  // Funding every 8h at 00/08/16 UTC, from a week before the range to a few days after it.
  const funding = syntheticFundingSeries(Date.UTC(2022, 11, 25), Date.UTC(2023, 1, 5));
  const rateAt = (t: number) => funding.rates[funding.timestamps.indexOf(t)];
  const directories: string[] = [];

  /** A data directory with the perpetual's files (January 2023's real spot candles stand in for its candles). */
  async function dataDir(options: { fundingUntil?: number; format?: 'feather' | 'csv'; withFunding?: boolean } = {}): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'ares-perp-'));
    directories.push(dir);
    const candles = await new FileMarketDataSource({ directory: marketDataDir() }).fetchCandles({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      fromMs: T0,
      toMs: Date.UTC(2023, 1, 1),
    });
    const until = options.fundingUntil ?? Infinity;
    const keep = Array.from(funding.timestamps).map((t) => t < until);
    const paths = await writeFreqtradeFuturesFiles(join(dir, 'futures'), {
      candles,
      symbol: 'BTC/USDT',
      timeframe: '1h',
      fundingTimes: funding.timestamps.filter((_, i) => keep[i]),
      fundingRates: funding.rates.filter((_, i) => keep[i]),
      format: options.format ?? 'feather',
    });
    if (options.withFunding === false) rmSync(paths.funding);
    return dir;
  }
  afterAll(() => directories.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  async function collect(dir: string, runSpec: RunSpec) {
    const context = contextFor(runSpec);
    const output = await new CollectStage({ file: new FileMarketDataSource({ directory: dir }) }).execute(context);
    const dataset = decodeCandles(await context.artifacts.get(output.artifacts[0]));
    return { output, dataset };
  }

  it('adds fundingSettlement and fundingRate to the dataset, hand-checked on the first day', async () => {
    const { output, dataset } = await collect(await dataDir(), perpetual());
    expect(output.metrics).toEqual({
      rows: 744,
      firstBarMs: T0,
      lastBarMs: Date.UTC(2023, 0, 31, 23),
      fundingEvents: 31 * 3,
      fundingSettlementCoverage: 1,
      fundingRateCoverage: 1,
    });
    expect(output.summary).toMatchObject({ market: 'perpetual', symbol: 'BTC/USDT' });
    expect(Object.keys(dataset.extra)).toEqual(['fundingSettlement', 'fundingRate']);
    const { fundingSettlement: settlement, fundingRate: rate } = dataset.extra;
    const firstDay = Array.from(settlement.subarray(0, 24));
    const expected = Array.from({ length: 24 }, (_, h) => (h % 8 === 0 ? rateAt(T0 + h * HOUR) : 0));
    expect(firstDay).toEqual(expected);
    // Every event of the range is settled once.
    const inRange = funding.rates.filter((_, i) => funding.timestamps[i] >= T0 && funding.timestamps[i] < Date.UTC(2023, 1, 1));
    expect(settlement.reduce((a, b) => a + b, 0)).toBeCloseTo(
      inRange.reduce((a, b) => a + b, 0),
      15,
    );
    // As of each bar's close: the 07:00 bar closes at 08:00, before the 08:00 event is known.
    expect([rate[0], rate[7], rate[8], rate[23]]).toEqual([rateAt(T0), rateAt(T0), rateAt(T0 + 8 * HOUR), rateAt(T0 + 16 * HOUR)]);
  });

  it('reads the CSV twins to the same dataset', async () => {
    const feather = await collect(await dataDir(), perpetual());
    const csv = await collect(await dataDir({ format: 'csv' }), perpetual());
    expect(csv.dataset).toEqual(feather.dataset);
  });

  it('a funding series that ends inside the range leaves the later bars NaN, and the coverage metric says so', async () => {
    // Last event 2023-01-14T16:00: funding is known until 2023-01-15T00:00, so 14 of the 31 days are covered.
    const { output, dataset } = await collect(await dataDir({ fundingUntil: Date.UTC(2023, 0, 14, 17) }), perpetual());
    expect(output.metrics).toMatchObject({ fundingEvents: 14 * 3, fundingSettlementCoverage: (14 * 24) / 744 });
    const settlement = dataset.extra.fundingSettlement;
    expect(settlement[14 * 24 - 1]).toBe(0);
    expect(settlement[14 * 24]).toBeNaN();
    expect(settlement[743]).toBeNaN();
    expect(dataset.extra.fundingRate[743]).toBe(rateAt(Date.UTC(2023, 0, 14, 16)));
  });

  it('a funding file with no events near the range fails for good, saying what was found', async () => {
    const failure = await failureOf(collect(await dataDir({ fundingUntil: Date.UTC(2022, 11, 30) }), perpetual()));
    expect(failure.permanent).toBe(true);
    expect(failure.message).toBe(
      'BTC/USDT perpetual funding from the file source: 0 funding event(s) in [2022-12-31T00:00:00.000Z, 2023-02-02T00:00:00.000Z); ' +
        'at least two are needed to know the funding interval and place funding on the bars',
    );
  });

  it('a missing funding file fails at once and for good, naming the file looked for', async () => {
    const dir = await dataDir({ withFunding: false });
    const stage = new CollectStage({ file: new FileMarketDataSource({ directory: dir }) });
    const early = await failureOf(stage.fingerprint(contextFor(perpetual())));
    expect(early.permanent).toBe(true);
    expect(early.message).toMatch(
      /cannot identify the market data: No funding-rate file for BTC\/USDT \(perpetual BTC_USDT_USDT\) in .*BTC_USDT_USDT-1h-funding_rate\.feather/,
    );
    const failure = await failureOf(stage.execute(contextFor(perpetual())));
    expect(failure).toMatchObject({ permanent: true, details: { code: 'file-missing' } });
    expect(failure.message).toMatch(/^cannot load BTC\/USDT perpetual funding from the file source: No funding-rate file/);
  });

  it('spot in the same directory is untouched: no spot file, no funding columns', async () => {
    const dir = await dataDir();
    const failure = await failureOf(new CollectStage({ file: new FileMarketDataSource({ directory: dir }) }).execute(contextFor(spec())));
    expect(failure.message).toMatch(/cannot load BTC\/USDT 1h candles from the file source: No candle file for BTC\/USDT 1h/);
    const { output, dataset } = await collect(marketDataDir(), spec());
    expect(dataset.extra).toEqual({});
    expect(output.metrics).toEqual({ rows: 744, firstBarMs: T0, lastBarMs: Date.UTC(2023, 0, 31, 23) });
  });

  it('the market is part of the cache scope and of the source fingerprint', async () => {
    const dir = await dataDir();
    copyFileSync(join(marketDataDir(), 'BTC_USDT-1h.feather'), join(dir, 'BTC_USDT-1h.feather'));
    const stage = new CollectStage({ file: new FileMarketDataSource({ directory: dir }) });
    expect(stage.cacheScope(perpetual())).toMatchObject({ market: 'perpetual' });
    expect(stage.cacheScope(spec())).toMatchObject({ market: 'spot' });
    const [spotPrint, perpetualPrint] = [await stage.fingerprint(contextFor(spec())), await stage.fingerprint(contextFor(perpetual()))];
    expect(spotPrint).toMatch(/\|BTC_USDT-1h\.feather\|sha256:[0-9a-f]{64}$/);
    expect(perpetualPrint).toMatch(
      /\|futures\/BTC_USDT_USDT-1h-futures\.feather\|sha256:[0-9a-f]{64}\|futures\/BTC_USDT_USDT-1h-funding_rate\.feather\|sha256:/,
    );
  });

  it('a source that serves no funding is refused before anything runs', () => {
    const stage = new CollectStage({ file: failingSource('file', new Error('unused')) });
    expect(() => stage.validateInput(contextFor(perpetual()))).toThrow(
      'market "perpetual" needs funding events, which the file source does not serve',
    );
    expect(() => stage.validateInput(contextFor(spec()))).not.toThrow();
  });

  it('funding times out of order fail for good, naming the rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ares-perp-order-'));
    directories.push(dir);
    await writeFreqtradeFuturesFiles(dir, {
      candles: await new FileMarketDataSource({ directory: marketDataDir() }).fetchCandles({
        exchange: 'binance',
        symbol: 'BTC/USDT',
        timeframe: '1h',
        fromMs: T0,
        toMs: T0 + 48 * HOUR,
      }),
      symbol: 'BTC/USDT',
      timeframe: '1h',
      fundingTimes: [T0, T0 + 16 * HOUR, T0 + 8 * HOUR],
      fundingRates: [1e-4, 1e-4, 1e-4],
      format: 'csv',
    });
    const failure = await failureOf(collect(dir, perpetual({ to: '2023-01-03' })));
    expect(failure.permanent).toBe(true);
    expect(failure.message).toMatch(
      /BTC\/USDT perpetual funding from the file source: funding events must be strictly increasing in time: row 2 \(2023-01-01T08:00:00.000Z\) comes before row 1/,
    );
  });
});
