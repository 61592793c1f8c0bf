import { AresApiClient, RunView } from '../../cli/api-client';
import { FakeBinance, startFakeBinance } from '@ares/fake-exchange';
import { LocalStack } from '@ares/local-stack';
import { isFinished, startE2eStack, waitForRun } from './e2e-stack';

/**
 * `source: "exchange"` end to end: the data-service's real ccxt code path against a local server that answers
 * like Binance, through the incremental store. The model stages are off: this is about the data.
 */
describe('collecting from an exchange', () => {
  let fake: FakeBinance;
  let stack: LocalStack;
  let api: AresApiClient;

  beforeAll(async () => {
    fake = await startFakeBinance();
    ({ stack, api } = await startE2eStack({ env: { ARES_EXCHANGE_API_URL: fake.url, ARES_EXCHANGE_RATE_LIMIT_MS: '1' } }));
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await fake?.stop();
  });

  const spec = (seed: number, from = '2023-03-01') => ({
    symbol: 'BTC/USDT',
    timeframe: '1h',
    from,
    to: '2023-04-01',
    source: 'exchange',
    seed,
    extraSeries: ['agg-trades', 'funding', 'open-interest'],
    stages: {
      'target-params': { enabled: false },
      'coarse-optimization': { enabled: false },
      hpo: { enabled: false },
      train: { enabled: false },
      ensemble: { enabled: false },
      'meta-learner': { enabled: false },
      'cross-validation': { enabled: false },
      'monte-carlo': { enabled: false },
      'save-model': { enabled: false },
      'ab-setup': { enabled: false },
      report: { enabled: false },
      'walk-forward': { enabled: false },
    },
  });
  const stage = (run: RunView, name: string) => run.stages.find((candidate) => candidate.name === name)!;

  it('collects candles, aggTrades, funding and open interest, and builds their features', async () => {
    const { runId } = await api.startRun(spec(1));
    const run = await waitForRun(api, runId, isFinished, 90_000);
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    const collect = stage(run, 'collect');
    expect(collect.metrics).toMatchObject({ rows: 743, fundingRateCoverage: 1 });
    expect(collect.metrics.buyVolumeCoverage).toBeGreaterThan(0.99);
    expect(collect.metrics.openInterestCoverage).toBeGreaterThan(0.99);
    expect(stage(run, 'validate-data').metrics).toMatchObject({ gaps: 1, missingBars: 1 });
    const features = (stage(run, 'preprocess') as unknown as { summary: { features: string[] } }).summary.features;
    expect(features).toEqual(
      expect.arrayContaining(['ofi', 'ofi_mean_24', 'trades_z_24', 'funding_rate', 'funding_change_24', 'oi_logchg_1', 'oi_logchg_24']),
    );
    expect(fake.count('/api/v3/klines')).toBeGreaterThan(0);
    expect(fake.count('/fapi/v1/fundingRate')).toBeGreaterThan(0);
    expect(fake.count('/futures/data/openInterestHist')).toBeGreaterThan(0);
  }, 120_000);

  it('a second run over the same range makes no exchange request', async () => {
    const before = fake.requests.length;
    const { runId } = await api.startRun(spec(2, '2023-03-02')); // a range inside the synced one: no stage-cache hit, collect really runs
    const run = await waitForRun(api, runId, isFinished, 60_000);
    expect(run.status).toBe('completed');
    expect(stage(run, 'collect').cached).toBe(false);
    expect(fake.requests.slice(before)).toEqual([]);
  }, 90_000);

  it('names an unknown symbol', async () => {
    const { runId } = await api.startRun({ ...spec(3), symbol: 'NOPE/USDT', extraSeries: [] });
    const run = await waitForRun(api, runId, isFinished, 60_000);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/NOPE\/USDT/);
  }, 90_000);
});
