import { jetstream, jetstreamManager, JetStreamManager, StorageType } from '@nats-io/jetstream';
import { connect, headers, NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { ConcurrencyConflictError, InvalidEventError, NewEvent, RecordedEvent } from './event-store';
import { eventStoreContract } from './event-store.contract';
import { JetStreamEventStore, JetStreamEventStoreOptions } from './jetstream-event-store';

let server: NatsServerProcess;
let nc: NatsConnection;
let jsm: JetStreamManager;
let streamCounter = 0;

beforeAll(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

/** Each test gets its own JetStream stream (subjects may not overlap between streams). */
function uniqueNames(): Required<Pick<JetStreamEventStoreOptions, 'streamName' | 'subjectPrefix'>> {
  const n = ++streamCounter;
  return { streamName: `HISTORY_T${n}`, subjectPrefix: `test${n}.history.run` };
}

eventStoreContract('JetStreamEventStore', async () => {
  const names = uniqueNames();
  const store = await JetStreamEventStore.create(nc, names);
  return { store, teardown: async () => void (await jsm.streams.delete(names.streamName)) };
});

const event = (id: string, data: unknown = { id }): NewEvent => ({ id, type: 'TestEvent', data });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const e of iterable) all.push(e);
  return all;
}

describe('JetStreamEventStore', () => {
  it('provisions the history stream as append-only file storage, idempotently', async () => {
    const names = uniqueNames();
    const store = new JetStreamEventStore(nc, { ...names, duplicateWindowMs: 90_000 });
    await store.ensureStream();
    const info = await store.ensureStream();
    expect(info.config).toMatchObject({
      name: names.streamName,
      subjects: [`${names.subjectPrefix}.*`],
      retention: 'limits',
      storage: 'file',
      deny_delete: true,
      deny_purge: true,
      duplicate_window: 90_000 * 1e6,
    });
    await store.appendToStream('run-1', [event('e1')]);
    await expect(jsm.streams.purge(names.streamName)).rejects.toThrow(/purge not permitted/);
    await expect(jsm.streams.deleteMessage(names.streamName, 1)).rejects.toThrow(/delete not permitted/);
  });

  it('brings an existing stream in line, and refuses one it cannot fix', async () => {
    const names = uniqueNames();
    await jsm.streams.add({ name: names.streamName, subjects: ['legacy.*'], duplicate_window: 10_000 * 1e6 });
    const info = await new JetStreamEventStore(nc, names).ensureStream();
    expect(info.config).toMatchObject({
      subjects: ['legacy.*', `${names.subjectPrefix}.*`],
      deny_delete: true,
      deny_purge: true,
      duplicate_window: 120_000 * 1e6,
    });

    const memory = uniqueNames();
    await jsm.streams.add({ name: memory.streamName, subjects: [`${memory.subjectPrefix}.*`], storage: StorageType.Memory });
    await expect(JetStreamEventStore.create(nc, memory)).rejects.toThrow(/storage=memory.*cannot change/);
  });

  it('stores one append as one message carrying its version range in headers', async () => {
    const names = uniqueNames();
    const store = await JetStreamEventStore.create(nc, names);
    await store.appendToStream('run-1', [event('a'), event('b'), event('c')]);
    await store.appendToStream('run-1', [event('d')]);
    const info = await jsm.streams.info(names.streamName);
    expect(info.state.messages).toBe(2);
    const last = await jsm.streams.getMessage(names.streamName, { last_by_subj: `${names.subjectPrefix}.run-1` });
    expect(last?.header.get('Ares-First-Version')).toBe('4');
    expect(last?.header.get('Ares-Event-Count')).toBe('1');
    expect(last?.header.get('Nats-Msg-Id')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('appends correctly from a second instance with a fresh cache, and from the first with a stale one', async () => {
    const names = uniqueNames();
    const first = await JetStreamEventStore.create(nc, names);
    const second = new JetStreamEventStore(nc, names); // as after a process restart
    await first.appendToStream('run-1', [event('a'), event('b')], { expectedVersion: 0 });
    expect(await second.appendToStream('run-1', [event('c')], { expectedVersion: 2 })).toEqual({
      nextExpectedVersion: 3,
      duplicate: false,
    });
    // `first` still believes the stream is at version 2; the caller knows better.
    expect(await first.appendToStream('run-1', [event('d')], { expectedVersion: 3 })).toEqual({
      nextExpectedVersion: 4,
      duplicate: false,
    });
    expect(await second.appendToStream('run-1', [event('e')])).toEqual({ nextExpectedVersion: 5, duplicate: false });
    await expect(first.appendToStream('run-1', [event('f')], { expectedVersion: 4 })).rejects.toMatchObject({
      name: 'ConcurrencyConflictError',
      expectedVersion: 4,
      actualVersion: 5,
    });
    const { events } = await new JetStreamEventStore(nc, names).readStream('run-1');
    expect(events.map((e) => `${e.id}@${e.version}`)).toEqual(['a@1', 'b@2', 'c@3', 'd@4', 'e@5']);
  });

  it('lets exactly one of two processes win a race (the server decides)', async () => {
    const names = uniqueNames();
    const stores = [await JetStreamEventStore.create(nc, names), new JetStreamEventStore(nc, names), new JetStreamEventStore(nc, names)];
    await stores[0].appendToStream('run-1', [event('start')]);
    await Promise.all(stores.map((s) => s.readStream('run-1'))); // every cache now says version 1
    const results = await Promise.allSettled(stores.map((s, i) => s.appendToStream('run-1', [event(`racer-${i}`)], { expectedVersion: 1 })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyConflictError);
    expect((await stores[1].readStream('run-1')).currentVersion).toBe(2);
  });

  it('relies on nats-server deduplicating before it checks the expected subject sequence (documents 2.9 behaviour)', async () => {
    // The adapter is correct either way (it falls back to looking for the commit), but this order
    // is what makes a retry inside the duplicate window cost one round trip.
    const names = uniqueNames();
    await new JetStreamEventStore(nc, names).ensureStream();
    const js = jetstream(nc);
    const subject = `${names.subjectPrefix}.raw`;
    await js.publish(subject, 'a', { msgID: 'm1', expect: { lastSubjectSequence: 0 } });
    await js.publish(subject, 'b', { msgID: 'm2', expect: { lastSubjectSequence: 1 } });
    const retry = await js.publish(subject, 'a', { msgID: 'm1', expect: { lastSubjectSequence: 0 } });
    expect(retry).toMatchObject({ seq: 1, duplicate: true });
    await expect(js.publish(subject, 'c', { msgID: 'm3', expect: { lastSubjectSequence: 1 } })).rejects.toThrow(/wrong last sequence: 2/);
  });

  it("reports a retry as a duplicate when the server's deduplication catches it (stale cache)", async () => {
    const names = uniqueNames();
    const writer = await JetStreamEventStore.create(nc, names);
    const retrier = new JetStreamEventStore(nc, names);
    await writer.appendToStream('run-1', [event('a')]);
    await retrier.readStream('run-1'); // retrier's cache: version 1
    const batch = [event('b'), event('c')];
    await writer.appendToStream('run-1', batch, { expectedVersion: 1 });
    // The retrier publishes with its stale expected sequence; nats-server dedupes before checking it.
    expect(await retrier.appendToStream('run-1', batch, { expectedVersion: 1 })).toEqual({
      nextExpectedVersion: 3,
      duplicate: true,
    });
    expect(await retrier.appendToStream('run-1', [event('d')], { expectedVersion: 3 })).toEqual({
      nextExpectedVersion: 4,
      duplicate: false,
    });
  });

  it('still recognises a retry after the duplicate window has passed, when it expects the old version', async () => {
    const names = uniqueNames();
    const store = await JetStreamEventStore.create(nc, { ...names, duplicateWindowMs: 300 });
    const first = [event('a')];
    const second = [event('b')];
    await store.appendToStream('run-1', first, { expectedVersion: 0 });
    await store.appendToStream('run-1', second, { expectedVersion: 1 });
    await sleep(1200);
    const fresh = new JetStreamEventStore(nc, names);
    expect(await fresh.appendToStream('run-1', first, { expectedVersion: 0 })).toEqual({ nextExpectedVersion: 1, duplicate: true });
    expect(await fresh.appendToStream('run-1', second, { expectedVersion: 1 })).toEqual({ nextExpectedVersion: 2, duplicate: true });
    // With 'any' only the stream's last append can be recognised once the window has passed.
    expect(await new JetStreamEventStore(nc, names).appendToStream('run-1', second)).toEqual({ nextExpectedVersion: 2, duplicate: true });
    expect((await fresh.readStream('run-1')).currentVersion).toBe(2);
  });

  it('limits an append to 1000 events, which keeps global positions unique', async () => {
    const names = uniqueNames();
    const store = await JetStreamEventStore.create(nc, names);
    const many = Array.from({ length: 1001 }, (_, i) => event(`e${i}`, i));
    await expect(store.appendToStream('run-1', many)).rejects.toThrow(InvalidEventError);
    await store.appendToStream('run-1', many.slice(0, 1000));
    await store.appendToStream('run-2', [event('next')]);
    const all = await collect(store.readAll());
    expect(all).toHaveLength(1001);
    all.slice(1).forEach((e, i) => expect(e.globalPosition).toBeGreaterThan(all[i].globalPosition));
    expect((await collect(store.readAll({ fromPosition: all[999].globalPosition }))).map((e) => e.id)).toEqual(['e999', 'next']);
  });

  it('reads and resumes across many commits and streams written concurrently, leaving no consumers behind', async () => {
    const names = uniqueNames();
    const store = await JetStreamEventStore.create(nc, names);
    const streams = 40;
    const appendsPerStream = 15;
    await Promise.all(
      Array.from({ length: streams }, async (_, s) => {
        for (let a = 0; a < appendsPerStream; a++) {
          await store.appendToStream(`run-${s}`, [event(`s${s}-a${a}`)], { expectedVersion: a });
        }
      }),
    );
    const all = await collect(store.readAll());
    expect(all).toHaveLength(streams * appendsPerStream);
    all.slice(1).forEach((e, i) => expect(e.globalPosition).toBeGreaterThan(all[i].globalPosition));
    const versions = new Map<string, number>();
    for (const e of all) {
      expect(e.version).toBe((versions.get(e.streamId) ?? 0) + 1);
      versions.set(e.streamId, e.version);
    }
    const tail = await collect(store.readAll({ fromPosition: all[450].globalPosition }));
    expect(tail.map((e) => e.id)).toEqual(all.slice(450).map((e) => e.id));
    expect((await store.listStreams()).length).toBe(streams);
    const slice = await store.readStream('run-7', { fromVersion: 10 });
    expect(slice.events.map((e) => e.version)).toEqual([10, 11, 12, 13, 14, 15]);
    const consumers = await jsm.consumers.list(names.streamName).next();
    expect(consumers).toHaveLength(0);
  });

  it('fails loudly on a message that was not written by the event store', async () => {
    const names = uniqueNames();
    const store = await JetStreamEventStore.create(nc, names);
    await store.appendToStream('run-1', [event('a')]);
    const h = headers();
    h.set('Some-Header', 'x');
    nc.publish(`${names.subjectPrefix}.run-1`, 'not a commit', { headers: h });
    await nc.flush();
    await sleep(50);
    await expect(store.readStream('run-1')).rejects.toThrow(/Malformed history message/);
  });

  it('keeps the history across a nats-server restart', async () => {
    const storeDir = mkdtempSync(join(tmpdir(), 'ares-es-restart-'));
    const port = await freePort();
    const names = uniqueNames();
    try {
      let own = await startNatsServer({ storeDir, port, keepStore: true });
      let conn = await connect({ servers: own.url });
      let store = await JetStreamEventStore.create(conn, names);
      await store.appendToStream('run-1', [event('a', { x: 1 }), event('b')], { expectedVersion: 0 });
      await store.appendToStream('run-2', [event('c')], { expectedVersion: 0 });
      await conn.close();
      await own.stop();

      own = await startNatsServer({ storeDir, port, keepStore: true });
      conn = await connect({ servers: own.url });
      try {
        store = await JetStreamEventStore.create(conn, names);
        const slice = await store.readStream('run-1');
        expect(slice).toMatchObject({ exists: true, currentVersion: 2 });
        expect(slice.events.map((e) => [e.id, e.data])).toEqual([
          ['a', { x: 1 }],
          ['b', { id: 'b' }],
        ]);
        expect(await store.listStreams()).toEqual(['run-1', 'run-2']);
        expect(await store.appendToStream('run-1', [event('d')], { expectedVersion: 2 })).toEqual({
          nextExpectedVersion: 3,
          duplicate: false,
        });
      } finally {
        await conn.close();
        await own.stop();
      }
    } finally {
      rmSync(storeDir, { recursive: true, force: true });
    }
  });
});
