import { Objm } from '@nats-io/obj';
import { connect, NatsConnection } from '@nats-io/transport-node';
import type { SeriesKey } from '@ares/market-data';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { ManifestBucket } from './manifest-bucket';
import { MarketDataStore } from './market-data-store';
import { MARKET_DATA_BUCKET } from './market-store-buckets';
import { fakeRows, fakeValue, FakeSeriesFetcher } from './testing/fake-series-fetcher';
import { TimeRange } from './time-ranges';

const t = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const r = (from: string, to: string): TimeRange => [t(from), t(to)];
const HOUR = 3_600_000;
let keys = 0;
/** A fresh series per test, so tests share one server without sharing state. */
const newKey = (kind: SeriesKey['kind'] = 'ohlcv'): SeriesKey => ({
  exchange: 'binance',
  marketType: 'spot',
  symbol: `T${++keys}/USDT`,
  timeframe: '1h',
  kind,
});

describe('MarketDataStore', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;
  let store: MarketDataStore;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    store = await MarketDataStore.open(nc);
  });
  afterAll(async () => {
    await nc.close();
    await server.stop();
  });

  it('fetches only what is missing: partial months, overlaps, merged holes, one month per call', async () => {
    const key = newKey();
    const fetcher = new FakeSeriesFetcher();
    const first = await store.sync(fetcher, key, t('2023-03-10'), t('2023-03-20'));
    expect(first.requestedRanges).toEqual([r('2023-03-10', '2023-03-20')]);
    expect(first.fetchedRows).toBe(10 * 24);

    fetcher.calls.length = 0;
    const second = await store.sync(fetcher, key, t('2023-03-01'), t('2023-04-15'));
    expect(fetcher.ranges).toEqual([r('2023-03-01', '2023-03-10'), r('2023-03-20', '2023-04-01'), r('2023-04-01', '2023-04-15')]);
    expect(second.requestedRanges).toEqual(fetcher.ranges);

    fetcher.calls.length = 0;
    await store.sync(fetcher, key, t('2023-02-20'), t('2023-03-05'));
    expect(fetcher.ranges).toEqual([r('2023-02-20', '2023-03-01')]);

    // Two syncs that touch end to end leave one covered range, and the hole between syncs is fetched as one call.
    fetcher.calls.length = 0;
    await store.sync(fetcher, key, t('2023-04-20'), t('2023-04-25'));
    await store.sync(fetcher, key, t('2023-04-25'), t('2023-04-28'));
    await store.sync(fetcher, key, t('2023-04-10'), t('2023-04-30'));
    expect(fetcher.ranges).toEqual([
      r('2023-04-20', '2023-04-25'),
      r('2023-04-25', '2023-04-28'),
      r('2023-04-15', '2023-04-20'),
      r('2023-04-28', '2023-04-30'),
    ]);
    expect(await store.missing(key, t('2023-02-01'), t('2023-05-01'))).toEqual([r('2023-02-01', '2023-02-20'), r('2023-04-30', '2023-05-01')]);
    const [summary] = (await store.list()).filter((s) => s.key.symbol === key.symbol);
    expect(summary.covered).toEqual([r('2023-02-20', '2023-04-30')]);
    expect(summary.rows).toBe((t('2023-04-30') - t('2023-02-20')) / HOUR);
  });

  it('a repeated sync over a covered range makes zero fetcher calls', async () => {
    const key = newKey();
    await store.sync(new FakeSeriesFetcher(), key, t('2023-01-01'), t('2023-04-01'));
    const fetcher = new FakeSeriesFetcher();
    const again = await store.sync(fetcher, key, t('2023-01-01'), t('2023-04-01'));
    const inside = await store.sync(fetcher, key, t('2023-02-03T05:00:00Z'), t('2023-03-01'));
    expect(fetcher.calls).toHaveLength(0);
    expect(again).toEqual({ requestedRanges: [], fetchedRows: 0 });
    expect(inside).toEqual({ requestedRanges: [], fetchedRows: 0 });
  });

  it('a fetcher failing after the first month keeps that month; a retry fetches only the rest', async () => {
    const key = newKey();
    const progress: string[] = [];
    const failing = new FakeSeriesFetcher({ failOnCall: 2 });
    await expect(
      store.sync(failing, key, t('2023-01-01'), t('2023-04-01'), {
        onProgress: (done, total, message) => progress.push(`${done}/${total} ${message}`),
      }),
    ).rejects.toThrow(/failed on call 2/);
    expect(progress).toEqual([expect.stringMatching(/^1\/3 .*2023-01: 744 rows$/)]);
    expect(await store.missing(key, t('2023-01-01'), t('2023-04-01'))).toEqual([r('2023-02-01', '2023-04-01')]);
    expect((await store.read(key, t('2023-01-01'), t('2023-04-01'))).timestamps.length).toBe(31 * 24);

    const retry = new FakeSeriesFetcher();
    await store.sync(retry, key, t('2023-01-01'), t('2023-04-01'));
    expect(retry.ranges).toEqual([r('2023-02-01', '2023-03-01'), r('2023-03-01', '2023-04-01')]);
    expect((await store.read(key, t('2023-01-01'), t('2023-04-01'))).timestamps.length).toBe(90 * 24);
  });

  it('an aborted sync stops between months and keeps what it stored', async () => {
    const key = newKey();
    const controller = new AbortController();
    const sync = store.sync(new FakeSeriesFetcher(), key, t('2023-01-01'), t('2023-04-01'), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(sync).rejects.toThrow(/abort/i);
    expect(await store.missing(key, t('2023-01-01'), t('2023-04-01'))).toEqual([r('2023-02-01', '2023-04-01')]);
  });

  it('read returns exactly the requested range, sorted, across months', async () => {
    const key = newKey();
    await store.sync(new FakeSeriesFetcher(), key, t('2023-01-01'), t('2023-03-01'));
    const from = t('2023-01-15T05:00:00Z');
    const to = t('2023-02-03T10:00:00Z');
    const chunk = await store.read(key, from, to);
    expect(chunk.timestamps.length).toBe((to - from) / HOUR);
    expect(chunk.timestamps[0]).toBe(from);
    expect(chunk.timestamps[chunk.timestamps.length - 1]).toBe(to - HOUR);
    expect(chunk.timestamps.every((ts, i) => i === 0 || ts > chunk.timestamps[i - 1])).toBe(true);
    expect(Object.keys(chunk.columns)).toEqual(['open', 'high', 'low', 'close', 'volume']);
    expect(chunk.columns.close[7]).toBe(fakeValue(chunk.timestamps[7], 3));
    expect((await store.read(key, t('2024-01-01'), t('2024-02-01'))).timestamps.length).toBe(0);
  });

  it('stores and reads back a month bigger than one 512 KiB chunk', async () => {
    const key = { ...newKey(), timeframe: '1m' };
    await store.sync(new FakeSeriesFetcher({ stepMs: 60_000 }), key, t('2023-01-01'), t('2023-02-01'));
    const { manifest } = await (await ManifestBucket.open(nc)).read(key);
    expect(manifest.partitions['2023-01'].size).toBeGreaterThan(4 * 512 * 1024);
    const month = await store.read(key, t('2023-01-01'), t('2023-02-01'));
    expect(month.timestamps.length).toBe(31 * 24 * 60);
    expect(month.columns.volume[44_000]).toBe(fakeValue(month.timestamps[44_000], 4));
  });

  it('does not refetch exchange outages inside a synced range, even a month with no rows at all', async () => {
    const key = newKey();
    const outages = [r('2023-03-24T01:00:00Z', '2023-03-24T05:00:00Z'), r('2023-05-01', '2023-06-01')];
    await store.sync(new FakeSeriesFetcher({ outages }), key, t('2023-03-01'), t('2023-07-01'));
    const fetcher = new FakeSeriesFetcher();
    await store.sync(fetcher, key, t('2023-03-01'), t('2023-07-01'));
    expect(fetcher.calls).toHaveLength(0);
    expect(await store.missing(key, t('2023-03-01'), t('2023-07-01'))).toEqual([]);
    const march = await store.read(key, t('2023-03-24'), t('2023-03-25'));
    expect([...march.timestamps].map((ts) => new Date(ts).getUTCHours())).toEqual([0, ...Array.from({ length: 19 }, (_, i) => i + 5)]);
    expect((await store.read(key, t('2023-05-01'), t('2023-06-01'))).timestamps.length).toBe(0);
    const [summary] = (await store.list()).filter((s) => s.key.symbol === key.symbol);
    expect(summary).toMatchObject({ covered: [r('2023-03-01', '2023-07-01')], gaps: [], months: 4 });
  });

  it('list reports covered ranges merged across months, the gaps between them, and rows', async () => {
    const key = newKey('funding');
    const fetcher = new FakeSeriesFetcher({ stepMs: 8 * HOUR, columns: ['fundingRate'] });
    await store.sync(fetcher, key, t('2023-01-01'), t('2023-01-10'));
    await store.sync(fetcher, key, t('2023-01-20'), t('2023-02-05'));
    const [summary] = (await store.list()).filter((s) => s.key.symbol === key.symbol);
    expect(summary).toMatchObject({
      id: `binance.spot.${key.symbol.replace('/', '_')}.-.funding`,
      columns: ['fundingRate'],
      covered: [r('2023-01-01', '2023-01-10'), r('2023-01-20', '2023-02-05')],
      gaps: [r('2023-01-10', '2023-01-20')],
      rows: 9 * 3 + 16 * 3,
      months: 2,
    });
  });

  it('concurrent syncs of one series from two store instances lose nothing (compare-and-set)', async () => {
    const key = newKey();
    const nc2 = await connect({ servers: server.url });
    const other = await MarketDataStore.open(nc2);
    const writes = jest.spyOn(ManifestBucket.prototype, 'write');
    // Both fetchers hold their February call until both made it, so both commit February at once.
    let arrived = 0;
    let release!: () => void;
    const bothInFebruary = new Promise<void>((resolve) => (release = resolve));
    const gate = async ({ fromMs }: { fromMs: number }) => {
      if (fromMs < t('2023-02-01') || fromMs >= t('2023-03-01')) return;
      if (++arrived === 2) release();
      await bothInFebruary;
    };
    try {
      await Promise.all([
        store.sync(new FakeSeriesFetcher({ gate }), key, t('2023-01-15'), t('2023-02-20')),
        other.sync(new FakeSeriesFetcher({ gate }), key, t('2023-02-10'), t('2023-03-10')),
      ]);
      const results = await Promise.all(writes.mock.results.map((result) => result.value as Promise<boolean>));
      expect(results.filter((ok) => !ok).length).toBeGreaterThanOrEqual(1); // the race did happen
    } finally {
      writes.mockRestore();
      await nc2.close();
    }
    expect(await store.missing(key, t('2023-01-15'), t('2023-03-10'))).toEqual([]);
    const all = await store.read(key, t('2023-01-01'), t('2023-04-01'));
    expect([...all.timestamps]).toEqual([...fakeRows(t('2023-01-15'), t('2023-03-10')).timestamps]);
  });

  it('never marks the bar still open (or the future) as covered', async () => {
    const key = newKey();
    const now = t('2023-06-10T12:30:00Z');
    const clocked = await MarketDataStore.open(nc, { now: () => now });
    const fetcher = new FakeSeriesFetcher();
    await clocked.sync(fetcher, key, t('2023-06-10'), t('2023-07-01'));
    expect(fetcher.ranges).toEqual([r('2023-06-10', '2023-06-10T12:00:00Z')]);
    expect(await clocked.missing(key, t('2023-06-10'), t('2023-07-01'))).toEqual([r('2023-06-10T12:00:00Z', '2023-07-01')]);
  });

  it('replaces a month by a new object, deletes the old one, ignores unreferenced objects, and verifies hashes', async () => {
    const key = newKey();
    const objects = await new Objm(nc).open(MARKET_DATA_BUCKET);
    const names = async () =>
      (await objects.list())
        .map((o) => o.name)
        .filter((n) => n.includes(`T${keys}_USDT`))
        .sort();
    await store.sync(new FakeSeriesFetcher(), key, t('2023-01-01'), t('2023-01-10'));
    const [firstObject] = await names();
    await store.sync(new FakeSeriesFetcher(), key, t('2023-01-10'), t('2023-01-20'));
    const [secondObject] = await names();
    expect(secondObject).not.toBe(firstObject);
    expect(secondObject).toMatch(/^binance\.spot\.T\d+_USDT\.1h\.ohlcv\/2023-01\/[0-9a-f]{64}$/);

    // A crash after writing an object but before the manifest update leaves an orphan that nobody reads.
    const orphan = `binance.spot.T${keys}_USDT.1h.ohlcv/2023-01/${'0'.repeat(64)}`;
    await objects.putBlob({ name: orphan }, new Uint8Array([1, 2, 3]));
    expect((await store.read(key, t('2023-01-01'), t('2023-02-01'))).timestamps.length).toBe(19 * 24);
    expect(await store.sweepOrphans(60_000)).not.toContain(orphan); // too young: may be a sync in flight
    expect(await store.sweepOrphans(-1)).toContain(orphan);
    expect(await names()).toEqual([secondObject]);

    // A manifest whose hash does not match the object is refused, not read.
    const manifests = await ManifestBucket.open(nc);
    const { manifest, revision } = await manifests.read(key);
    manifest.partitions['2023-01'].sha256 = 'f'.repeat(64);
    expect(await manifests.write(manifest, revision)).toBe(true);
    await expect(store.read(key, t('2023-01-01'), t('2023-02-01'))).rejects.toThrow(/corrupt: sha256/);
  });

  it('a sync into a month whose object was lost drops that coverage, so a later sync refetches it', async () => {
    const key = newKey();
    await store.sync(new FakeSeriesFetcher(), key, t('2023-01-01'), t('2023-01-10'));
    const { manifest } = await (await ManifestBucket.open(nc)).read(key);
    await (await new Objm(nc).open(MARKET_DATA_BUCKET)).delete(manifest.partitions['2023-01'].objectName);
    await expect(store.read(key, t('2023-01-01'), t('2023-01-10'))).rejects.toThrow(/is missing/);
    await store.sync(new FakeSeriesFetcher(), key, t('2023-01-10'), t('2023-01-20'));
    expect(await store.missing(key, t('2023-01-01'), t('2023-01-20'))).toEqual([r('2023-01-01', '2023-01-10')]);
    const fetcher = new FakeSeriesFetcher();
    await store.sync(fetcher, key, t('2023-01-01'), t('2023-01-20'));
    expect(fetcher.ranges).toEqual([r('2023-01-01', '2023-01-10')]);
    expect((await store.read(key, t('2023-01-01'), t('2023-01-20'))).timestamps.length).toBe(19 * 24);
  });

  it('refuses rows whose columns differ from the stored ones, and bad ranges', async () => {
    const key = newKey();
    await store.sync(new FakeSeriesFetcher(), key, t('2023-01-01'), t('2023-01-02'));
    await expect(store.sync(new FakeSeriesFetcher({ columns: ['close'] }), key, t('2023-01-02'), t('2023-01-03'))).rejects.toThrow(
      /columns \[close\] differ/,
    );
    await expect(store.read(key, 10, 5)).rejects.toThrow(/Invalid time range/);
  });
});
