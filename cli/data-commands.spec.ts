import { connect } from '@nats-io/transport-node';
import { Command } from 'commander';
import type { SeriesChunk, SeriesFetcher, SeriesKey, SeriesKind } from '@ares/market-data';
import { FakeSeriesFetcher } from '@ares/market-store/testing';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { DataCommandDeps, loadCcxtFetcher, parseDate, registerDataCommands, seriesToSync, TextSink } from './data-commands';

const t = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** One fake exchange per series kind, with that kind's columns; records every call. */
class KindFakeFetcher implements SeriesFetcher {
  readonly calls: SeriesKey[] = [];
  private readonly fakes: Record<SeriesKind, FakeSeriesFetcher> = {
    ohlcv: new FakeSeriesFetcher(),
    'agg-trades': new FakeSeriesFetcher({ columns: ['buyVolume', 'sellVolume', 'trades'] }),
    funding: new FakeSeriesFetcher({ stepMs: 8 * 3_600_000, columns: ['fundingRate'] }),
    'open-interest': new FakeSeriesFetcher({ columns: ['openInterest', 'openInterestValue'] }),
  };
  failOn?: SeriesKind;

  async fetchSeries(key: SeriesKey, fromMs: number, toMs: number): Promise<SeriesChunk> {
    this.calls.push(key);
    if (key.kind === this.failOn) throw new Error('exchange unavailable');
    return this.fakes[key.kind].fetchSeries(key, fromMs, toMs);
  }
}

class Capture implements TextSink {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('ares data commands', () => {
  let server: NatsServerProcess;
  let fetcher: KindFakeFetcher;
  let stdout: Capture;
  let stderr: Capture;

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    fetcher = new KindFakeFetcher();
    stdout = new Capture();
    stderr = new Capture();
  });

  async function ares(args: string[], overrides: Partial<DataCommandDeps> = {}): Promise<void> {
    const program = new Command('ares').exitOverride();
    registerDataCommands(program, {
      connect: () => connect({ servers: server.url }),
      makeFetcher: () => fetcher,
      stdout,
      stderr,
      ...overrides,
    });
    await program.parseAsync(args, { from: 'user' });
  }

  it('syncs candles month by month with one progress line per month, then nothing on a re-run', async () => {
    await ares(['data', 'sync', '--symbol', 'BTC/USDT', '--from', '2023-01-01', '--to', '2023-03-15']);
    expect(fetcher.calls.map((k) => k.kind)).toEqual(['ohlcv', 'ohlcv', 'ohlcv']);
    expect(stderr.text.trim().split('\n')).toEqual([
      '1/3 binance.spot.BTC_USDT.1h.ohlcv 2023-01: 744 rows',
      '2/3 binance.spot.BTC_USDT.1h.ohlcv 2023-02: 672 rows',
      '3/3 binance.spot.BTC_USDT.1h.ohlcv 2023-03: 336 rows',
    ]);
    expect(stdout.text).toContain('binance.spot.BTC_USDT.1h.ohlcv: fetched 1752 rows in 3 request(s)');

    fetcher.calls.length = 0;
    await ares(['data', 'sync', '--symbol', 'BTC/USDT', '--from', '2023-01-01', '--to', '2023-03-15']);
    expect(fetcher.calls).toHaveLength(0);
    expect(stdout.text).toContain('binance.spot.BTC_USDT.1h.ohlcv: up to date');
  });

  it('--futures adds funding and open interest on the USDT-M perpetual and spot aggregated trades; ls lists them', async () => {
    await ares(['data', 'sync', '--symbol', 'ETH/USDT', '--timeframe', '1h', '--from', '2023-01-01', '--to', '2023-01-11', '--futures']);
    expect(fetcher.calls.map((k) => `${k.kind} ${k.marketType} ${k.symbol}`)).toEqual([
      'ohlcv spot ETH/USDT',
      'funding usdm ETH/USDT:USDT',
      'open-interest usdm ETH/USDT:USDT',
      'agg-trades spot ETH/USDT',
    ]);
    await ares(['data', 'sync', '--symbol', 'ETH/USDT', '--from', '2023-01-20', '--to', '2023-02-01']);

    stdout.text = '';
    await ares(['data', 'ls']);
    const lines = stdout.text.trim().split('\n');
    expect(lines[0]).toMatch(/^SERIES\s+COVERED\s+GAPS\s+ROWS$/);
    const row = (id: string) => lines.find((line) => line.startsWith(`${id} `)) ?? '';
    expect(row('binance.spot.ETH_USDT.1h.ohlcv')).toMatch(/2023-01-01 → 2023-01-11, 2023-01-20 → 2023-02-01\s+2023-01-11 → 2023-01-20\s+528$/);
    expect(row('binance.usdm.ETH_USDT_USDT.-.funding')).toMatch(/2023-01-01 → 2023-01-11\s+-\s+30$/);
    expect(row('binance.usdm.ETH_USDT_USDT.1h.open-interest')).toMatch(/\s240$/);
    expect(row('binance.spot.ETH_USDT.1h.agg-trades')).toMatch(/\s240$/);

    stdout.text = '';
    await ares(['data', 'ls', '--json']);
    const json = JSON.parse(stdout.text) as { id: string; rows: number }[];
    expect(json.find((s) => s.id === 'binance.usdm.ETH_USDT_USDT.-.funding')?.rows).toBe(30);
  });

  it('draws a redrawn progress bar on a terminal', async () => {
    stderr = new Capture(true);
    await ares(['data', 'sync', '--symbol', 'SOL/USDT', '--from', '2023-01-01', '--to', '2023-03-01']);
    expect(stderr.text).toContain('\r[############------------] 1/2 binance.spot.SOL_USDT.1h.ohlcv 2023-01: 744 rows');
    expect(stderr.text).toContain('\r[########################] 2/2 ');
    expect(stderr.text.endsWith('\n')).toBe(true);
  });

  it('a failing series names itself and says a re-run continues', async () => {
    fetcher.failOn = 'funding';
    await expect(ares(['data', 'sync', '--symbol', 'XRP/USDT', '--from', '2023-01-01', '--to', '2023-01-02', '--futures'])).rejects.toThrow(
      /sync of binance\.usdm\.XRP_USDT_USDT\.-\.funding failed: exchange unavailable\. .*run the same command again/,
    );
    expect(stdout.text).toContain('binance.spot.XRP_USDT.1h.ohlcv: fetched 24 rows');
  });

  it('refuses bad flags before touching NATS', async () => {
    const connectSpy = jest.fn();
    await expect(
      ares(['data', 'sync', '--symbol', 'BTC/USDT', '--from', '2023-02-01', '--to', '2023-01-01'], { connect: connectSpy }),
    ).rejects.toThrow(/must be before/);
    await expect(
      ares(['data', 'sync', '--symbol', 'BTC/USDT', '--timeframe', '7m', '--from', '2023-01-01', '--to', '2023-01-02'], { connect: connectSpy }),
    ).rejects.toThrow(/Unknown timeframe/);
    await expect(ares(['data', 'sync', '--symbol', 'BTC/USDT', '--from', 'soon', '--to', '2023-01-02'], { connect: connectSpy })).rejects.toThrow(
      /not a date/,
    );
    expect(connectSpy).not.toHaveBeenCalled();
  });

  it('maps flags to series keys and dates to UTC', () => {
    expect(seriesToSync({ exchange: 'binance', symbol: 'BTC/USDT:USDT', timeframe: '4h', kinds: 'funding,ohlcv' })).toEqual([
      { exchange: 'binance', marketType: 'usdm', symbol: 'BTC/USDT:USDT', timeframe: '-', kind: 'funding' },
      { exchange: 'binance', marketType: 'spot', symbol: 'BTC/USDT', timeframe: '4h', kind: 'ohlcv' },
    ]);
    expect(() => seriesToSync({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', kinds: 'trades' })).toThrow(/Unknown series kind/);
    expect(parseDate('2023-03-01', '--from')).toBe(t('2023-03-01'));
    expect(parseDate('2023-03-01T12:00', '--from')).toBe(Date.parse('2023-03-01T12:00:00Z'));
  });

  it('says clearly when the ccxt source is not in the build', () => {
    // The real loader: either the ccxt source is there (and constructs offline) or the message says what is missing.
    let made: unknown;
    try {
      made = loadCcxtFetcher('binance');
    } catch (error) {
      expect((error as Error).message).toMatch(/CcxtMarketDataSource\) is missing/);
    }
    if (made) expect(typeof (made as SeriesFetcher).fetchSeries).toBe('function');
    expect(() => loadCcxtFetcher('binance', () => ({}))).toThrow(/CcxtMarketDataSource\) is missing/);
    class Source {
      constructor(readonly options: unknown) {}
      fetchSeries(): Promise<SeriesChunk> {
        throw new Error('not used');
      }
    }
    process.env.ARES_EXCHANGE_API_URL = 'http://127.0.0.1:1';
    try {
      const made = loadCcxtFetcher('binance', () => ({ CcxtMarketDataSource: Source })) as unknown as Source;
      expect(made.options).toEqual({ exchangeId: 'binance', apiUrl: 'http://127.0.0.1:1' });
    } finally {
      delete process.env.ARES_EXCHANGE_API_URL;
    }
  });
});
