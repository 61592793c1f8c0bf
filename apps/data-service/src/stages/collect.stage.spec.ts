/** @jest-environment ./libs/fake-exchange/src/ccxt-test-environment.ts */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunSpec } from '@ares/contracts';
import { InMemoryArtifactStore } from '@ares/artifacts';
import { ccxtModule, FileMarketDataSource, MarketDataSource } from '@ares/market-data';
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
