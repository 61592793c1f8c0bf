import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { syntheticFundingSeries, writeFreqtradeFuturesFiles } from '@ares/fake-exchange';
import { Candles } from './candles';
import { FileMarketDataSource } from './file-market-data-source';
import { CandleRequest } from './market-data-source';
import { marketDataSourceContract } from './market-data-source.contract';

const DATA_DIR = resolve(__dirname, '../../../data/market/binance-spot-2023');
const YEAR: Omit<CandleRequest, 'timeframe'> = { exchange: 'binance', symbol: 'BTC/USDT', fromMs: 0, toMs: 2e12 };
const HOUR = 3_600_000;

function expectIdentical(a: Candles, b: Candles): void {
  expect(a.length).toBe(b.length);
  for (const c of ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const) expect(a[c]).toEqual(b[c]);
}

marketDataSourceContract('FileMarketDataSource', async () => ({
  source: new FileMarketDataSource({ directory: DATA_DIR }),
  request: { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '15m', fromMs: Date.UTC(2023, 5, 1), toMs: Date.UTC(2023, 5, 8) },
}));

describe('FileMarketDataSource', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ares-md-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('reads the real 1h Feather and CSV files to identical candles', async () => {
    await copyFile(join(DATA_DIR, 'BTC_USDT-1h.csv'), join(tmp, 'BTC_USDT-1h.csv'));
    const fromFeather = await new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({ ...YEAR, timeframe: '1h' });
    const fromCsv = await new FileMarketDataSource({ directory: tmp }).fetchCandles({ ...YEAR, timeframe: '1h' });
    expect(fromFeather.length).toBe(8998);
    expect(fromFeather.timestamps[0]).toBe(1672531200000);
    expect(fromFeather.close[0]).toBe(16529.67);
    expectIdentical(fromFeather, fromCsv);
  });

  it('reads a multi-batch Feather file (5m) with its exchange gap intact', async () => {
    const c = await new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({ ...YEAR, timeframe: '5m' });
    expect(c.length).toBe(104816);
    const steps = new Map<number, number>();
    for (let i = 1; i < c.length; i++) steps.set(c.timestamps[i] - c.timestamps[i - 1], (steps.get(c.timestamps[i] - c.timestamps[i - 1]) ?? 0) + 1);
    expect(steps).toEqual(
      new Map([
        [300_000, 104814],
        [17 * 300_000, 1],
      ]),
    );
  });

  it('returns rows in [fromMs, toMs)', async () => {
    const from = Date.UTC(2023, 2, 24, 10);
    const c = await new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({ ...YEAR, timeframe: '1h', fromMs: from, toMs: from + 6 * HOUR });
    // 10:00 … 15:00 minus the missing 13:00 bar.
    expect(Array.from(c.timestamps).map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['10:00', '11:00', '12:00', '14:00', '15:00']);
  });

  it('keeps the file order: no sorting, no dedupe', async () => {
    const csv = 'open_time,open,high,low,close,volume\n3000,1,1,1,3,1\n1000,1,1,1,1,1\n3000,1,1,1,3,1\n';
    await writeFile(join(tmp, 'ETH_BTC-1m.csv'), csv);
    const c = await new FileMarketDataSource({ directory: tmp }).fetchCandles({
      exchange: 'x',
      symbol: 'ETH/BTC',
      timeframe: '1m',
      fromMs: 0,
      toMs: 10_000,
    });
    expect(Array.from(c.timestamps)).toEqual([3000, 1000, 3000]);
  });

  it('prefers Feather over CSV', async () => {
    await copyFile(join(DATA_DIR, 'BTC_USDT-1h.feather'), join(tmp, 'BTC_USDT-1h.feather'));
    await writeFile(join(tmp, 'BTC_USDT-1h.csv'), 'not,a,csv\n');
    const c = await new FileMarketDataSource({ directory: tmp }).fetchCandles({ ...YEAR, timeframe: '1h' });
    expect(c.length).toBe(8998);
    expect(await new FileMarketDataSource({ directory: tmp }).fingerprint({ ...YEAR, timeframe: '1h' })).toContain('|BTC_USDT-1h.feather|');
  });

  describe('errors that say what is wrong', () => {
    it('missing directory', async () => {
      const dir = join(tmp, 'nope');
      await expect(new FileMarketDataSource({ directory: dir }).fetchCandles({ ...YEAR, timeframe: '1h' })).rejects.toMatchObject({
        code: 'directory-missing',
        message: `Market data directory does not exist: ${dir}`,
      });
    });

    it('no file for the symbol/timeframe lists the files there are for that symbol', async () => {
      await expect(new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({ ...YEAR, timeframe: '4h' })).rejects.toThrow(
        `No candle file for BTC/USDT 4h in ${DATA_DIR} (looked for BTC_USDT-4h.feather, BTC_USDT-4h.csv); ` +
          'files for BTC/USDT: BTC_USDT-15m.feather, BTC_USDT-1h.csv, BTC_USDT-1h.feather, BTC_USDT-5m.feather',
      );
      await expect(new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({ ...YEAR, symbol: 'SOL/USDT', timeframe: '1h' })).rejects.toThrow(
        /there are no files for SOL\/USDT/,
      );
    });

    it('unparsable CSV row names the file and line', async () => {
      await writeFile(join(tmp, 'BTC_USDT-1h.csv'), 'open_time,open,high,low,close,volume\n1,1,1,1,1,1\n2,1,1,1,1,1\n3,1,1,1,oops,1\n');
      await expect(new FileMarketDataSource({ directory: tmp }).fetchCandles({ ...YEAR, timeframe: '1h' })).rejects.toMatchObject({
        code: 'parse-error',
        message: `${join(tmp, 'BTC_USDT-1h.csv')}:4: column "close" is not a number: "oops"`,
      });
    });

    it('missing CSV column', async () => {
      await writeFile(join(tmp, 'BTC_USDT-1h.csv'), 'time,open,high,low,close,volume\n1,1,1,1,1,1\n');
      await expect(new FileMarketDataSource({ directory: tmp }).fetchCandles({ ...YEAR, timeframe: '1h' })).rejects.toThrow(
        /column "open_time" is missing from the header/,
      );
    });

    it('corrupt Feather file', async () => {
      await writeFile(join(tmp, 'BTC_USDT-1h.feather'), 'garbage');
      await expect(new FileMarketDataSource({ directory: tmp }).fetchCandles({ ...YEAR, timeframe: '1h' })).rejects.toMatchObject({
        code: 'parse-error',
      });
    });

    it('bad requests', async () => {
      const src = new FileMarketDataSource({ directory: DATA_DIR, exchange: 'binance' });
      await expect(src.fetchCandles({ ...YEAR, timeframe: '2h30' })).rejects.toThrow(/Unknown timeframe "2h30"/);
      await expect(src.fetchCandles({ ...YEAR, symbol: 'BTCUSDT', timeframe: '1h' })).rejects.toThrow(/"BTCUSDT" is not of the form BASE\/QUOTE/);
      await expect(src.fetchCandles({ ...YEAR, exchange: 'kraken', timeframe: '1h' })).rejects.toThrow(/serves exchange "binance", not "kraken"/);
      await expect(src.fetchCandles({ ...YEAR, fromMs: 5, toMs: 4, timeframe: '1h' })).rejects.toMatchObject({ code: 'invalid-request' });
    });

    it('an aborted signal stops the fetch', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({ ...YEAR, timeframe: '1h' }, controller.signal)).rejects.toThrow(
        /abort/i,
      );
    });
  });

  it('fingerprint is stable for the same bytes and changes when the file changes', async () => {
    const path = join(tmp, 'BTC_USDT-1h.csv');
    await writeFile(path, 'open_time,open,high,low,close,volume\n1,1,1,1,1,1\n');
    const src = new FileMarketDataSource({ directory: tmp });
    const request = { ...YEAR, timeframe: '1h' };
    const first = await src.fingerprint(request);
    expect(first).toMatch(/^file\|binance\|BTC\/USDT\|1h\|0\|2000000000000\|BTC_USDT-1h.csv\|sha256:[0-9a-f]{64}$/);
    expect(await new FileMarketDataSource({ directory: tmp }).fingerprint(request)).toBe(first);
    await writeFile(path, 'open_time,open,high,low,close,volume\n1,1,1,1,2,1\n');
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    expect(await src.fingerprint(request)).not.toBe(first);
  });
});

describe('FileMarketDataSource: perpetuals in freqtrade’s futures layout', () => {
  const JAN = { fromMs: Date.UTC(2023, 0, 1), toMs: Date.UTC(2023, 1, 1) };
  const perpetual: CandleRequest = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', market: 'perpetual', ...JAN };
  // Real spot candles stand in for the perpetual's; funding every 8h at 00/08/16 UTC from a week before.
  const funding = syntheticFundingSeries(JAN.fromMs - 7 * 24 * HOUR, JAN.toMs + 7 * 24 * HOUR);
  let candles: Candles;
  let tmp: string;

  beforeAll(async () => {
    candles = await new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({ ...YEAR, timeframe: '1h', ...JAN });
  });
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ares-md-perp-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const write = (directory: string, format: 'feather' | 'csv', extra: { fundingTimeframe?: string } = {}) =>
    writeFreqtradeFuturesFiles(directory, {
      candles,
      symbol: 'BTC/USDT',
      timeframe: '1h',
      fundingTimes: funding.timestamps,
      fundingRates: funding.rates,
      format,
      ...extra,
    });

  it('reads candles and funding from Feather and from CSV, in the directory or its futures/ subdirectory, to the same values', async () => {
    const featherDir = join(tmp, 'feather');
    const csvDir = join(tmp, 'csv');
    const paths = await write(join(featherDir, 'futures'), 'feather');
    await write(csvDir, 'csv');
    expect(paths).toEqual({
      candles: join(featherDir, 'futures', 'BTC_USDT_USDT-1h-futures.feather'),
      funding: join(featherDir, 'futures', 'BTC_USDT_USDT-1h-funding_rate.feather'),
    });
    const fromFeather = new FileMarketDataSource({ directory: featherDir });
    const fromCsv = new FileMarketDataSource({ directory: csvDir });
    const [featherCandles, csvCandles] = [await fromFeather.fetchCandles(perpetual), await fromCsv.fetchCandles(perpetual)];
    expect(featherCandles.length).toBe(744);
    expectIdentical(featherCandles, candles);
    expectIdentical(csvCandles, candles);

    const inRange = (await fromFeather.fetchFunding(perpetual)).timestamps;
    expect(inRange.length).toBe(31 * 3);
    expect(inRange[0]).toBe(JAN.fromMs);
    expect(new Set(Array.from(inRange, (t) => new Date(t).toISOString().slice(11, 16)))).toEqual(new Set(['00:00', '08:00', '16:00']));
    expect(await fromCsv.fetchFunding(perpetual)).toEqual(await fromFeather.fetchFunding(perpetual));
    const all = await fromCsv.fetchFunding({ ...perpetual, fromMs: 0, toMs: 2e12 });
    expect(all).toEqual(funding);
    // 'BTC/USDT:USDT' names the same perpetual.
    expect(await fromFeather.fetchFunding({ ...perpetual, symbol: 'BTC/USDT:USDT' })).toEqual(await fromFeather.fetchFunding(perpetual));
    expectIdentical(await fromFeather.fetchCandles({ ...perpetual, symbol: 'BTC/USDT:USDT' }), candles);
  });

  it('finds a funding file named by freqtrade’s older 8h funding timeframe', async () => {
    await write(tmp, 'feather', { fundingTimeframe: '8h' });
    const source = new FileMarketDataSource({ directory: tmp });
    expect((await source.fetchFunding(perpetual)).timestamps.length).toBe(93);
    expect(await source.fingerprint(perpetual)).toContain('|BTC_USDT_USDT-8h-funding_rate.feather|sha256:');
  });

  it('fingerprints both files by content; a changed funding file changes it', async () => {
    const dir = join(tmp, 'futures');
    const paths = await write(dir, 'csv');
    const source = new FileMarketDataSource({ directory: tmp });
    const first = await source.fingerprint(perpetual);
    expect(first).toMatch(
      /^file\|binance\|BTC\/USDT\|1h\|\d+\|\d+\|futures\/BTC_USDT_USDT-1h-futures\.csv\|sha256:[0-9a-f]{64}\|futures\/BTC_USDT_USDT-1h-funding_rate\.csv\|sha256:[0-9a-f]{64}$/,
    );
    expect(await new FileMarketDataSource({ directory: tmp }).fingerprint(perpetual)).toBe(first);
    await writeFile(paths.funding, (await readFile(paths.funding, 'utf8')).replace(/\n(\d+),[^,\n]+,/, '\n$1,0.5,'));
    await utimes(paths.funding, new Date(), new Date(Date.now() + 5000));
    const changed = await source.fingerprint(perpetual);
    expect(changed).not.toBe(first);
    expect(changed.split('|').slice(0, 8)).toEqual(first.split('|').slice(0, 8));
  });

  it('a missing funding file is an error naming the files looked for and what is there', async () => {
    const paths = await write(join(tmp, 'futures'), 'feather');
    await rm(paths.funding);
    const source = new FileMarketDataSource({ directory: tmp });
    const message =
      `No funding-rate file for BTC/USDT (perpetual BTC_USDT_USDT) in ${tmp} or ${join(tmp, 'futures')} ` +
      '(looked for BTC_USDT_USDT-1h-funding_rate.feather, BTC_USDT_USDT-1h-funding_rate.csv, BTC_USDT_USDT-8h-funding_rate.feather, ' +
      'BTC_USDT_USDT-8h-funding_rate.csv); files for BTC_USDT_USDT: futures/BTC_USDT_USDT-1h-futures.feather';
    await expect(source.fetchFunding(perpetual)).rejects.toMatchObject({ code: 'file-missing', message });
    await expect(source.fingerprint(perpetual)).rejects.toMatchObject({ code: 'file-missing', message });
    // The candles alone are there.
    expect((await source.fetchCandles(perpetual)).length).toBe(744);
  });

  it('a missing perpetual candle file names the futures files looked for; spot requests never read futures files', async () => {
    const source = new FileMarketDataSource({ directory: tmp });
    await expect(source.fetchCandles({ ...perpetual, timeframe: '4h' })).rejects.toThrow(
      `No perpetual candle file for BTC/USDT 4h in ${tmp} or ${join(tmp, 'futures')} (looked for BTC_USDT_USDT-4h-futures.feather, ` +
        'BTC_USDT_USDT-4h-futures.csv); there are no files for BTC_USDT_USDT',
    );
    await write(join(tmp, 'futures'), 'feather');
    await expect(source.fetchCandles({ ...perpetual, market: 'spot' })).rejects.toThrow(
      /No candle file for BTC\/USDT 1h in .*there are no files for BTC\/USDT$/,
    );
    await expect(source.fetchCandles({ ...perpetual, market: 'margin' as 'spot' })).rejects.toMatchObject({ code: 'invalid-request' });
  });
});

const perpetualDir = mkdtempSync(join(tmpdir(), 'ares-md-perp-contract-'));
afterAll(() => rmSync(perpetualDir, { recursive: true, force: true }));
marketDataSourceContract('FileMarketDataSource (perpetual)', async () => {
  const request: CandleRequest = {
    exchange: 'binance',
    symbol: 'ETH/USDT',
    timeframe: '15m',
    market: 'perpetual',
    fromMs: Date.UTC(2023, 5, 1),
    toMs: Date.UTC(2023, 5, 8),
  };
  const candles = await new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({ ...request, market: 'spot' });
  const funding = syntheticFundingSeries(request.fromMs - 86_400_000, request.toMs, { symbolId: 'ETHUSDT' });
  await writeFreqtradeFuturesFiles(join(perpetualDir, 'futures'), {
    candles,
    symbol: 'ETH/USDT',
    timeframe: '15m',
    fundingTimes: funding.timestamps,
    fundingRates: funding.rates,
    format: 'csv',
  });
  return { source: new FileMarketDataSource({ directory: perpetualDir }), request };
});
