import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { allocateCandles } from '@ares/market-data';
import { startFakeBinance } from './fake-binance-server';
import { writeFreqtradeFuturesFiles } from './freqtrade-futures-files';
import { EIGHT_HOURLY_FUNDING, fundingTimes, syntheticFundingRate, syntheticFundingSeries } from './synthetic-funding';

const HOUR = 3_600_000;
const T0 = Date.UTC(2023, 0, 1);

describe('syntheticFundingSeries', () => {
  it('is every 8h at 00/08/16 UTC in [from, to), deterministic, with the fake server’s rates', async () => {
    const series = syntheticFundingSeries(T0 - HOUR, T0 + 24 * HOUR);
    expect(Array.from(series.timestamps)).toEqual([T0, T0 + 8 * HOUR, T0 + 16 * HOUR]);
    expect(syntheticFundingSeries(T0 - HOUR, T0 + 24 * HOUR)).toEqual(series);
    expect(syntheticFundingSeries(T0, T0 + 24 * HOUR, { seed: 2 }).rates).not.toEqual(series.rates);
    for (const rate of series.rates) expect(Math.abs(rate)).toBeLessThan(0.001);

    const server = await startFakeBinance({ fundingSchedule: EIGHT_HOURLY_FUNDING });
    try {
      const url = `${server.url}/fapi/v1/fundingRate?symbol=BTCUSDT&startTime=${T0}&endTime=${T0 + 23 * HOUR}`;
      const rows = (await (await fetch(url)).json()) as { fundingTime: number; fundingRate: string }[];
      expect(rows.map((r) => [r.fundingTime, Number(r.fundingRate)])).toEqual(Array.from(series.timestamps, (t, i) => [t, series.rates[i]]));
    } finally {
      await server.stop();
    }
    expect(fundingTimes(T0, T0 + 16 * HOUR, EIGHT_HOURLY_FUNDING)).toEqual(Array.from(series.timestamps));
    expect(series.rates[0]).toBe(syntheticFundingRate('BTCUSDT', T0, 1));
  });
});

describe('writeFreqtradeFuturesFiles', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ares-ft-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const candles = allocateCandles(2);
  candles.timestamps.set([T0, T0 + HOUR]);
  candles.open.set([100, 101]);
  candles.high.set([102, 103]);
  candles.low.set([99, 100]);
  candles.close.set([101, 102.5]);
  candles.volume.set([10, 0.125]);
  const options = { candles, symbol: 'BTC/USDT:USDT', timeframe: '1h', fundingTimes: [T0, T0 + 8 * HOUR], fundingRates: [0.0001, -0.00002] };

  it('Feather: `date` Timestamp(ms, UTC) and OHLCV; funding in `open`, the rest 0', async () => {
    const paths = await writeFreqtradeFuturesFiles(join(tmp, 'futures'), { ...options, format: 'feather' });
    expect(paths).toEqual({
      candles: join(tmp, 'futures', 'BTC_USDT_USDT-1h-futures.feather'),
      funding: join(tmp, 'futures', 'BTC_USDT_USDT-1h-funding_rate.feather'),
    });
    const funding = tableFromIPC(await readFile(paths.funding));
    expect(funding.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'date:Timestamp<MILLISECOND, UTC>',
      'open:Float64',
      'high:Float64',
      'low:Float64',
      'close:Float64',
      'volume:Float64',
    ]);
    expect(funding.toArray().map((row) => row.toJSON())).toEqual([
      { date: T0, open: 0.0001, high: 0, low: 0, close: 0, volume: 0 },
      { date: T0 + 8 * HOUR, open: -0.00002, high: 0, low: 0, close: 0, volume: 0 },
    ]);
    expect(
      tableFromIPC(await readFile(paths.candles))
        .getChild('close')!
        .toArray(),
    ).toEqual(Float64Array.from([101, 102.5]));
  });

  it('CSV twins with open_time in ms; the funding file name can carry another timeframe', async () => {
    const paths = await writeFreqtradeFuturesFiles(tmp, { ...options, format: 'csv', fundingTimeframe: '8h' });
    expect(paths.funding).toBe(join(tmp, 'BTC_USDT_USDT-8h-funding_rate.csv'));
    expect(await readFile(paths.funding, 'utf8')).toBe(
      `open_time,open,high,low,close,volume\n${T0},0.0001,0,0,0,0\n${T0 + 8 * HOUR},-0.00002,0,0,0,0\n`,
    );
    expect(await readFile(paths.candles, 'utf8')).toBe(
      `open_time,open,high,low,close,volume\n${T0},100,102,99,101,10\n${T0 + HOUR},101,103,100,102.5,0.125\n`,
    );
  });
});
