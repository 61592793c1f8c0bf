/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { syntheticFundingSeries, writeFreqtradeFuturesFiles } from '@ares/fake-exchange';
import { FileMarketDataSource } from '@ares/market-data';
import { runPipeline } from './run-pipeline';

const FROM = Date.parse('2023-01-01');
const TO = Date.parse('2023-07-01');
const SPOT = resolve(__dirname, '../../data/market/binance-spot-2023');
const SMALL_SEARCH = {
  'coarse-optimization': { params: { search: { points: 4, rounds: 10 } } },
  hpo: { params: { budget: { broadTrials: 4, refineTrials: 2, batchSize: 2, maxRounds: 40, minRounds: 10, leaders: 1 } } },
};

/**
 * A perpetual run on files in freqtrade's futures layout. There is no real futures data offline: the perpetual's
 * candles are the spot sample's (a stand-in) and its funding is the fake exchange's seeded 8-hourly series.
 */
describe('a perpetual run on a freqtrade funding file', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ares-perpetual-'));
    const candles = await new FileMarketDataSource({ directory: SPOT }).fetchCandles({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      fromMs: FROM,
      toMs: TO,
    });
    const funding = syntheticFundingSeries(FROM - 86_400_000, TO + 86_400_000);
    await writeFreqtradeFuturesFiles(join(directory, 'futures'), {
      candles,
      symbol: 'BTC/USDT',
      timeframe: '1h',
      fundingTimes: funding.timestamps,
      fundingRates: funding.rates,
      format: 'feather',
    });
  });

  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('completes with funding charged on the positions held through settlements, reported apart from fees', async () => {
    const spec = { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-07-01', market: 'perpetual', stages: SMALL_SEARCH };
    const run = await runPipeline(spec, { ...process.env, ARES_DATA_DIR: directory });
    const collect = run.outputs.get('collect')!;
    // 3 settlements a day over 181 days.
    expect(collect.metrics.fundingEvents).toBe(3 * 181);
    expect(collect.metrics.fundingSettlementCoverage).toBe(1);
    const wf = run.outputs.get('walk-forward')!;
    expect(wf.summary!.market).toBe('perpetual');
    expect(wf.metrics.trades).toBeGreaterThan(0);
    expect(wf.metrics.fundingPaid).not.toBe(0);
    expect(wf.metrics.borrowPaid).toBe(0);
    expect(wf.metrics.feesPaid).toBeGreaterThan(0);
    expect(wf.metrics.longPnl + wf.metrics.shortPnl).toBeCloseTo(wf.metrics.totalReturn, 10);
    const folds = wf.summary!.folds as { trades: number; fundingPaid: number }[];
    expect(folds.filter((fold) => fold.trades > 0).some((fold) => fold.fundingPaid !== 0)).toBe(true);

    // The same RunSpec on spot pays no funding (and its shorts pay borrow instead).
    const spot = await runPipeline({ ...spec, market: 'spot' }, { ...process.env, ARES_DATA_DIR: SPOT });
    expect(spot.outputs.get('walk-forward')!.metrics.fundingPaid).toBe(0);
  }, 300_000);

  it('fails at collect, naming the file, when the funding file is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ares-perpetual-empty-'));
    try {
      await expect(
        runPipeline(
          { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-03-01', market: 'perpetual' },
          { ...process.env, ARES_DATA_DIR: empty },
        ),
      ).rejects.toThrow(/collect failed: .*BTC_USDT_USDT-1h-futures/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
