import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ExecuteStageCommand, parseContract, RunSpec, StageEventMessage, StageInput, StageName } from '@ares/contracts';
import { InMemoryArtifactStore } from '@ares/artifacts';
import { syntheticFundingSeries, writeFreqtradeFuturesFiles } from '@ares/fake-exchange';
import { decodeCandles, decodeFeatureMatrix, FileMarketDataSource } from '@ares/market-data';
import { InMemoryStageCache, StageContext, StageFailure, StageRunner } from '@ares/stage-runtime';
import { dataStages } from '../data-stages';
import { marketDataDir } from '../default-data-dir';
import { ValidateDataStage } from './validate-data.stage';

async function harness(env: NodeJS.ProcessEnv = {}) {
  const events: StageEventMessage[] = [];
  const artifacts = new InMemoryArtifactStore();
  const runner = new StageRunner({
    stages: await dataStages(env),
    cache: new InMemoryStageCache(),
    artifacts,
    instance: 'test',
    logger: pino({ level: 'silent' }),
    publishEvent: async (message) => {
      events.push(message);
    },
  });
  const run = async (stage: StageName, spec: RunSpec, inputs: StageInput[] = []): Promise<StageEventMessage> => {
    const command: ExecuteStageCommand = {
      schemaVersion: 1,
      runId: 'r1',
      stage,
      attempt: 1,
      spec,
      inputs,
      dispatchedAt: new Date().toISOString(),
      commandId: `r1.${stage}.1`,
    };
    await runner.run(command);
    return events.at(-1)!;
  };
  return { run, artifacts };
}

/** validate-data run directly (not through the runner), to see the StageFailure it throws. */
async function validateDirectly(artifacts: InMemoryArtifactStore, runSpec: RunSpec, collected: StageEventMessage): Promise<unknown> {
  const context = {
    runId: 'r1',
    stage: 'validate-data',
    attempt: 1,
    spec: runSpec,
    params: runSpec.stages['validate-data']?.params ?? {},
    inputs: [{ stage: 'collect', output: collected.output! }],
    artifacts,
    signal: new AbortController().signal,
    input: () => collected.output!,
    progress: async () => undefined,
  } as unknown as StageContext<'validate-data'>;
  return new ValidateDataStage().execute(context).then(
    () => undefined,
    (error: unknown) => error,
  );
}

const spec = (extra: Record<string, unknown> = {}) =>
  parseContract(RunSpec, { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2024-01-01', ...extra });

describe('data-service stages on the embedded 2023 BTC/USDT 1h sample', () => {
  it('collects, preprocesses and validates the year', async () => {
    const { run, artifacts } = await harness();
    const collected = await run('collect', spec());
    expect(collected.kind).toBe('completed');
    expect(collected.output!.metrics).toMatchObject({
      rows: 8759,
      firstBarMs: Date.parse('2023-01-01T00:00:00Z'),
      lastBarMs: Date.parse('2023-12-31T23:00:00Z'),
    });

    const inputs = [{ stage: 'collect' as const, output: collected.output! }];
    const preprocessed = await run('preprocess', spec(), inputs);
    expect(preprocessed.kind).toBe('completed');
    expect(preprocessed.output!.metrics.features).toBeGreaterThanOrEqual(7);
    const features = decodeFeatureMatrix(await artifacts.get(preprocessed.output!.artifacts[0]));
    expect(Object.keys(features.columns)).toEqual(expect.arrayContaining(['logret_1', 'logret_24', 'vol_24', 'natr_14', 'rsi_14', 'volume_z_24']));
    expect(features.timestamps.length).toBe(8759);

    const validated = await run('validate-data', spec(), inputs);
    expect(validated.kind).toBe('completed');
    expect(validated.output!.metrics).toMatchObject({ gaps: 1, missingBars: 1, longGaps: 0, segments: 2, longestGapHours: 1 });
    expect(validated.output!.summary!.findings).toEqual([
      expect.objectContaining({ kind: 'gap', time: '2023-03-24T13:00:00.000Z', until: '2023-03-24T14:00:00.000Z', action: 'segment' }),
    ]);
  });

  it('fails validate-data on a long gap under gapPolicy "mask", naming its time', async () => {
    const { run } = await harness();
    const collected = await run('collect', spec());
    const result = await run('validate-data', spec({ gapPolicy: 'mask', stages: { 'validate-data': { params: { maxIsolatedGapBars: 0 } } } }), [
      { stage: 'collect', output: collected.output! },
    ]);
    expect(result.kind).toBe('failed');
    expect(result.error).toMatch(/data quality gate failed: .*2023-03-24T13:00:00.000Z/);
  });

  it('never sees an unknown stage parameter: the RunSpec refuses it, naming the field, before any stage runs', () => {
    expect(() => spec({ stages: { preprocess: { params: { rsiPeriodd: 3 } } } })).toThrow(/stages\.preprocess\.params\.rsiPeriodd: unknown field/);
  });

  it('names a symbol the data directory does not hold', async () => {
    const { run } = await harness();
    const result = await run('collect', spec({ symbol: 'DOGE/USDT' }));
    expect(result.kind).toBe('failed');
    expect(result.error).toMatch(/DOGE/);
  });

  it("fails preprocess clearly when collect's artifact is missing", async () => {
    const { run } = await harness();
    const missing = {
      artifacts: [{ name: 'dataset', key: `sha256-${'1'.repeat(64)}`, sha256: '1'.repeat(64), size: 10, mediaType: 'x' }],
      metrics: {},
    };
    const result = await run('preprocess', spec(), [{ stage: 'collect', output: missing }]);
    expect(result).toMatchObject({ kind: 'failed', error: expect.stringMatching(/collect's dataset sha256-1111.* cannot be read: .*missing/) });
  });

  it('reads CSV when no Feather file is there, and a changed file changes the cache fingerprint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ares-csv-'));
    copyFileSync(join(marketDataDir(), 'BTC_USDT-1h.csv'), join(dir, 'BTC_USDT-1h.csv'));
    const { run } = await harness({ ARES_DATA_DIR: dir });
    const first = await run('collect', spec({ to: '2023-02-01' }));
    expect(first).toMatchObject({ kind: 'completed', cached: false });
    expect(first.output!.metrics.rows).toBe(744);
    expect(await run('collect', spec({ to: '2023-02-01' }))).toMatchObject({ cached: true });
    writeFileSync(join(dir, 'BTC_USDT-1h.csv'), 'open_time,open,high,low,close,volume\n1672531200000,1,2,0.5,1.5,10\n');
    expect(await run('collect', spec({ to: '2023-02-01' }))).toMatchObject({
      kind: 'completed',
      cached: false,
      output: expect.objectContaining({ metrics: expect.objectContaining({ rows: 1 }) }),
    });
  });
});

describe('gap policies', () => {
  it('forward-fill inserts the missing bar, flags it, and validate-data reports it without masking', async () => {
    const { run } = await harness();
    const filledSpec = spec({ gapPolicy: 'forward-fill' });
    const collected = await run('collect', filledSpec);
    expect(collected.output!.metrics).toMatchObject({ rows: 8760, forwardFilledBars: 1 });
    const validated = await run('validate-data', filledSpec, [{ stage: 'collect', output: collected.output! }]);
    expect(validated.kind).toBe('completed');
    expect(validated.output!.metrics).toMatchObject({ gaps: 0, forwardFilledBars: 1, maskedRows: 0 });
    expect(validated.output!.summary!.findings).toEqual([
      expect.objectContaining({ kind: 'gap', time: '2023-03-24T13:00:00.000Z', action: 'forward-filled', bars: 1 }),
    ]);
  });

  it('fail fails the run on the one missing bar', async () => {
    const { run } = await harness();
    const failSpec = spec({ gapPolicy: 'fail' });
    const collected = await run('collect', failSpec);
    const validated = await run('validate-data', failSpec, [{ stage: 'collect', output: collected.output! }]);
    expect(validated).toMatchObject({ kind: 'failed', error: expect.stringContaining('2023-03-24T13:00:00.000Z') });
  });
});

describe('gapPolicy "segment" (the default) on the 2023 BTC/USDT 15m sample', () => {
  const spec15m = (extra: Record<string, unknown> = {}) => spec({ timeframe: '15m', ...extra });

  it('passes validate-data, reporting the 2023-03-24 outage (5 bars) as a segment boundary with its times', async () => {
    const { run } = await harness();
    const collected = await run('collect', spec15m());
    expect(collected.kind).toBe('completed');
    const validated = await run('validate-data', spec15m(), [{ stage: 'collect', output: collected.output! }]);
    expect(validated.kind).toBe('completed');
    expect(validated.output!.metrics).toMatchObject({ gaps: 1, missingBars: 5, segments: 2, longestGapHours: 1.25, maskedRows: 0 });
    expect(validated.output!.metrics.coverage).toBeGreaterThan(0.98);
    expect(validated.output!.summary!.findings).toEqual([
      {
        kind: 'gap',
        time: '2023-03-24T12:45:00.000Z',
        until: '2023-03-24T14:00:00.000Z',
        bars: 5,
        action: 'segment',
        detail: '5 missing bars between 2023-03-24T12:30:00.000Z and 2023-03-24T14:00:00.000Z (1.25 h): a segment boundary',
      },
    ]);
  });

  it('gapPolicy "mask" (strict) still fails it, naming the outage; the failure is permanent', async () => {
    const { run, artifacts } = await harness();
    const masked = spec15m({ gapPolicy: 'mask' });
    const collected = await run('collect', masked);
    const validated = await run('validate-data', masked, [{ stage: 'collect', output: collected.output! }]);
    expect(validated).toMatchObject({
      kind: 'failed',
      error: expect.stringMatching(/data quality gate failed: gap at 2023-03-24T12:45:00.000Z .*5 missing bars .*more than maxIsolatedGapBars = 3/),
    });
    const thrown = await validateDirectly(artifacts, masked, collected);
    expect(thrown).toBeInstanceOf(StageFailure);
    expect((thrown as StageFailure).permanent).toBe(true);
  });

  it('fails when the data cannot support the range: coverage and the longest gap, with their numbers', async () => {
    const { run, artifacts } = await harness();
    // The sample stops in January 2024: asking until June leaves most of 2024 uncovered.
    const tooLong = spec15m({ to: '2024-06-01' });
    const collected = await run('collect', tooLong);
    const validated = await run('validate-data', tooLong, [{ stage: 'collect', output: collected.output! }]);
    expect(validated).toMatchObject({
      kind: 'failed',
      error: expect.stringMatching(/coverage 0\.\d{4} is below minCoverage 0\.98: \d+ of the \d+ bars expected/),
    });
    expect((await validateDirectly(artifacts, tooLong, collected)) as StageFailure).toMatchObject({ permanent: true });

    const strictGap = spec15m({ stages: { 'validate-data': { params: { maxGapHours: 1 } } } });
    const gapRun = await run('validate-data', strictGap, [{ stage: 'collect', output: (await run('collect', strictGap)).output! }]);
    expect(gapRun).toMatchObject({
      kind: 'failed',
      error: expect.stringContaining(
        'gap at 2023-03-24T12:45:00.000Z (row 7923): 5 missing bars between 2023-03-24T12:30:00.000Z and 2023-03-24T14:00:00.000Z (1.25 h): longer than maxGapHours = 1',
      ),
    });
  });
});

describe('a perpetual run through the data stages (freqtrade futures files)', () => {
  it('collect adds fundingSettlement, validate-data passes it on in the masked dataset, preprocess turns fundingRate into features', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ares-perp-stages-'));
    try {
      const from = Date.UTC(2023, 0, 1);
      const to = Date.UTC(2023, 2, 1);
      const candles = await new FileMarketDataSource({ directory: marketDataDir() }).fetchCandles({
        exchange: 'binance',
        symbol: 'BTC/USDT',
        timeframe: '1h',
        fromMs: from,
        toMs: to,
      });
      const funding = syntheticFundingSeries(from - 7 * 86_400_000, to);
      await writeFreqtradeFuturesFiles(join(dir, 'futures'), {
        candles,
        symbol: 'BTC/USDT',
        timeframe: '1h',
        fundingTimes: funding.timestamps,
        fundingRates: funding.rates,
        format: 'feather',
      });
      const { run, artifacts } = await harness({ ARES_DATA_DIR: dir });
      const perpetual = spec({ to: '2023-03-01', market: 'perpetual' });
      const collected = await run('collect', perpetual);
      expect(collected.kind).toBe('completed');
      expect(collected.output!.metrics).toMatchObject({ rows: 1416, fundingEvents: 59 * 3, fundingSettlementCoverage: 1, fundingRateCoverage: 1 });
      const inputs = [{ stage: 'collect' as const, output: collected.output! }];

      const validated = await run('validate-data', perpetual, inputs);
      expect(validated.kind).toBe('completed');
      const masked = decodeCandles(await artifacts.get(validated.output!.artifacts.find((a) => a.name === 'masked-dataset')!));
      const collectedDataset = decodeCandles(await artifacts.get(collected.output!.artifacts[0]));
      expect(masked.extra.fundingSettlement).toEqual(collectedDataset.extra.fundingSettlement);
      expect(masked.mask).toBeDefined();

      const preprocessed = await run('preprocess', perpetual, inputs);
      expect(preprocessed.kind).toBe('completed');
      expect(preprocessed.output!.summary!.features).toEqual(expect.arrayContaining(['funding_rate']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
