/** @jest-environment ./libs/fake-exchange/src/ccxt-test-environment.ts */
import { connect, NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { ExecuteStageCommand, parseContract, RunSpec, StageEventMessage } from '@ares/contracts';
import { InMemoryArtifactStore } from '@ares/artifacts';
import { DEFAULT_FUNDING_SCHEDULE, FakeBinance, fundingTimes, startFakeBinance, syntheticFundingRate } from '@ares/fake-exchange';
import { decodeCandles } from '@ares/market-data';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { InMemoryStageCache, StageRunner } from '@ares/stage-runtime';
import { dataStages } from '../data-stages';

/**
 * collect on market "perpetual" through the exchange source as the data-service wires it: the real ccxt code path
 * against the fake Binance server (USDT-M klines and fundingRate), through the incremental store on a private nats-server.
 */
describe('collect on market "perpetual" from the exchange', () => {
  const HOUR = 3_600_000;
  const from = Date.UTC(2023, 2, 1);
  const to = Date.UTC(2023, 2, 15);
  let server: NatsServerProcess;
  let nc: NatsConnection;
  let fake: FakeBinance;
  let runner: StageRunner;
  const events: StageEventMessage[] = [];
  const artifacts = new InMemoryArtifactStore();
  let commands = 0;

  beforeAll(async () => {
    [server, fake] = await Promise.all([startNatsServer(), startFakeBinance()]);
    nc = await connect({ servers: server.url });
    runner = new StageRunner({
      stages: await dataStages({ ARES_EXCHANGE_API_URL: fake.url, ARES_EXCHANGE_RATE_LIMIT_MS: '1' }, nc),
      cache: new InMemoryStageCache(),
      artifacts,
      instance: 'test',
      logger: pino({ level: 'silent' }),
      publishEvent: async (message) => {
        events.push(message);
      },
    });
  }, 60_000);
  afterAll(async () => {
    await nc?.close();
    await Promise.all([server?.stop(), fake?.stop()]);
  });

  const spec = (extra: Record<string, unknown> = {}) =>
    parseContract(RunSpec, { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-03-01', to: '2023-03-15', source: 'exchange', ...extra });
  async function collect(runSpec: RunSpec): Promise<StageEventMessage> {
    const id = `r${++commands}`;
    const command: ExecuteStageCommand = {
      schemaVersion: 1,
      runId: id,
      stage: 'collect',
      attempt: 1,
      spec: runSpec,
      inputs: [],
      dispatchedAt: new Date().toISOString(),
      commandId: `${id}.collect.1`,
    };
    await runner.run(command);
    return events.at(-1)!;
  }
  const datasetOf = async (event: StageEventMessage) => decodeCandles(await artifacts.get(event.output!.artifacts[0]));

  it("serves the perpetual's candles and funding events; fundingSettlement holds each event on the bar it falls in", async () => {
    const collected = await collect(spec({ market: 'perpetual' }));
    expect(collected.error).toBeUndefined();
    expect(collected.kind).toBe('completed');
    // The schedule goes 8h → 4h (03-10) → 1h (03-12) → 8h (03-13): funding times are data.
    const times = fundingTimes(from, to - 1, DEFAULT_FUNDING_SCHEDULE);
    expect(times.length).toBe(9 * 3 + 2 * 6 + 24 + 2 * 3);
    expect(collected.output!.metrics).toMatchObject({
      rows: 14 * 24,
      fundingEvents: times.length,
      fundingSettlementCoverage: 1,
      fundingRateCoverage: 1,
    });
    expect(fake.count('/fapi/v1/klines')).toBeGreaterThan(0);
    expect(fake.count('/fapi/v1/fundingRate')).toBeGreaterThan(0);
    expect(fake.count('/api/v3/klines')).toBe(0);

    const { candles, extra } = await datasetOf(collected);
    expect(candles.timestamps[0]).toBe(from);
    const expected = new Float64Array(candles.length);
    for (const t of times) expected[Math.floor((t - from) / HOUR)] += syntheticFundingRate('BTCUSDT', t, 1);
    expect(Array.from(extra.fundingSettlement)).toEqual(Array.from(expected));
    // During the 1h stretch every bar settles once.
    const stretch = Array.from(extra.fundingSettlement.subarray(11 * 24, 12 * 24));
    expect(stretch.every((v) => v !== 0)).toBe(true);
  });

  it('extraSeries "funding" on a perpetual run is the same fundingRate column, not a second copy; spot is unchanged', async () => {
    const plain = await datasetOf(await collect(spec({ market: 'perpetual', to: '2023-03-14' })));
    const withExtra = await datasetOf(await collect(spec({ market: 'perpetual', to: '2023-03-14', extraSeries: ['funding'] })));
    expect(Object.keys(withExtra.extra)).toEqual(['fundingSettlement', 'fundingRate']);
    expect(withExtra.extra.fundingRate).toEqual(plain.extra.fundingRate);

    const spot = await collect(spec({ to: '2023-03-14' }));
    expect(spot.kind).toBe('completed');
    expect(fake.count('/api/v3/klines')).toBeGreaterThan(0);
    expect((await datasetOf(spot)).extra).toEqual({});
    expect(Object.keys(spot.output!.metrics).sort()).toEqual(['firstBarMs', 'lastBarMs', 'rows']);
  });
});
