/// <reference types="jest" />
// Test-only (exported from testing.ts): the build config has no jest globals, hence the reference.
import {
  ConcurrencyConflictError,
  EventStore,
  EventStoreValidationError,
  InvalidEventError,
  InvalidStreamIdError,
  NewEvent,
  RecordedEvent,
} from './event-store';

export interface EventStoreUnderTest {
  store: EventStore;
  teardown(): Promise<void>;
}

/**
 * The behaviour every EventStore adapter must have. `setup` is called before each test and
 * must return an empty store.
 */
export function eventStoreContract(name: string, setup: () => Promise<EventStoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let teardown: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, teardown } = await setup());
    });

    afterEach(async () => {
      await teardown?.();
      teardown = undefined;
    });

    const event = (id: string, data: unknown = { id }, type = 'TestEvent'): NewEvent => ({ id, type, data });
    const events = (prefix: string, count: number): NewEvent[] => Array.from({ length: count }, (_, i) => event(`${prefix}-${i + 1}`, { n: i + 1 }));
    const collect = async (iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> => {
      const all: RecordedEvent[] = [];
      for await (const e of iterable) all.push(e);
      return all;
    };
    const conflictOf = async (promise: Promise<unknown>): Promise<ConcurrencyConflictError> => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConcurrencyConflictError);
      return error as ConcurrencyConflictError;
    };

    it('appends and reads back a stream with versions from 1', async () => {
      const first = await store.appendToStream('run-1', events('a', 3), { expectedVersion: 'no_stream' });
      expect(first).toEqual({ nextExpectedVersion: 3, duplicate: false });
      const second = await store.appendToStream('run-1', [{ id: 'b-1', type: 'Other', data: 'x', metadata: { by: 'test' } }], {
        expectedVersion: 3,
      });
      expect(second).toEqual({ nextExpectedVersion: 4, duplicate: false });

      const slice = await store.readStream('run-1');
      expect(slice.exists).toBe(true);
      expect(slice.currentVersion).toBe(4);
      expect(slice.events.map((e) => [e.streamId, e.id, e.type, e.version])).toEqual([
        ['run-1', 'a-1', 'TestEvent', 1],
        ['run-1', 'a-2', 'TestEvent', 2],
        ['run-1', 'a-3', 'TestEvent', 3],
        ['run-1', 'b-1', 'Other', 4],
      ]);
      expect(slice.events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, 'x']);
      expect(slice.events[0].metadata).toEqual({});
      expect(slice.events[3].metadata).toEqual({ by: 'test' });
      const positions = slice.events.map((e) => e.globalPosition);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(new Set(positions).size).toBe(positions.length);
    });

    it('stamps occurredAt as an ISO-8601 UTC timestamp at append time', async () => {
      const before = Date.now();
      await store.appendToStream('run-1', [event('e1')]);
      const after = Date.now();
      const [recorded] = (await store.readStream('run-1')).events;
      expect(recorded.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      const at = Date.parse(recorded.occurredAt);
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(after + 1000);
    });

    it('round-trips JSON values exactly', async () => {
      const values: unknown[] = [
        { nested: { deep: [1, 2.5, -3e-7, { x: null }] }, empty: {}, list: [] },
        [true, false, null, 0, -0.125, Number.MAX_SAFE_INTEGER, 1e300],
        'unicode: äöü 💹 "quoted" \\ \n new line',
        '',
        42,
        null,
        false,
      ];
      await store.appendToStream(
        'run-json',
        values.map((data, i) => event(`j${i}`, data)),
      );
      const { events: read } = await store.readStream('run-json');
      expect(read.map((e) => e.data)).toEqual(values);
      // Keys keep their order too (JSON serialisation preserves insertion order).
      expect(Object.keys(read[0].data as object)).toEqual(['nested', 'empty', 'list']);
    });

    it('treats expectedVersion 0 and no_stream as "the stream must not exist"', async () => {
      await store.appendToStream('run-new', [event('e1')], { expectedVersion: 0 });
      const conflict = await conflictOf(store.appendToStream('run-new', [event('e2')], { expectedVersion: 0 }));
      expect(conflict).toMatchObject({ streamId: 'run-new', expectedVersion: 0, actualVersion: 1 });
      const noStream = await conflictOf(store.appendToStream('run-new', [event('e3')], { expectedVersion: 'no_stream' }));
      expect(noStream).toMatchObject({ streamId: 'run-new', expectedVersion: 'no_stream', actualVersion: 1 });
      expect((await store.readStream('run-new')).currentVersion).toBe(1);
    });

    it("appends with 'any' (the default) whatever the current version", async () => {
      expect(await store.appendToStream('run-any', [event('e1')], { expectedVersion: 'any' })).toEqual({
        nextExpectedVersion: 1,
        duplicate: false,
      });
      expect(await store.appendToStream('run-any', [event('e2'), event('e3')])).toEqual({
        nextExpectedVersion: 3,
        duplicate: false,
      });
      expect((await store.readStream('run-any')).events.map((e) => e.version)).toEqual([1, 2, 3]);
    });

    it('rejects a stale expected version with a ConcurrencyConflictError and appends nothing', async () => {
      await store.appendToStream('run-c', events('a', 2));
      const conflict = await conflictOf(store.appendToStream('run-c', [event('late')], { expectedVersion: 1 }));
      expect(conflict).toMatchObject({ streamId: 'run-c', expectedVersion: 1, actualVersion: 2 });
      expect(conflict.message).toContain('run-c');
      expect(conflict.message).toContain('1');
      expect(conflict.message).toContain('2');
      const ahead = await conflictOf(store.appendToStream('run-c', [event('ahead')], { expectedVersion: 5 }));
      expect(ahead).toMatchObject({ expectedVersion: 5, actualVersion: 2 });
      const missing = await conflictOf(store.appendToStream('run-missing', [event('m')], { expectedVersion: 2 }));
      expect(missing).toMatchObject({ streamId: 'run-missing', expectedVersion: 2, actualVersion: 0 });
      expect((await store.readStream('run-c')).currentVersion).toBe(2);
      expect((await store.readStream('run-missing')).exists).toBe(false);
    });

    it('lets exactly one of several concurrent appenders with the same expected version win', async () => {
      await store.appendToStream('run-race', [event('start')]);
      const attempts = Array.from({ length: 5 }, (_, i) => store.appendToStream('run-race', [event(`racer-${i}`)], { expectedVersion: 1 }));
      const results = await Promise.allSettled(attempts);
      const winners = results.filter((r) => r.status === 'fulfilled');
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(4);
      for (const loser of losers) {
        expect(loser.reason).toBeInstanceOf(ConcurrencyConflictError);
        expect(loser.reason).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
      }
      const slice = await store.readStream('run-race');
      expect(slice.currentVersion).toBe(2);
      expect(slice.events).toHaveLength(2);
    });

    it('treats a retry of the same events as a duplicate and adds nothing', async () => {
      const batch = events('once', 2);
      expect(await store.appendToStream('run-d', batch, { expectedVersion: 0 })).toEqual({
        nextExpectedVersion: 2,
        duplicate: false,
      });
      // Retried with the same (now stale) expected version, e.g. after a lost acknowledgement.
      expect(await store.appendToStream('run-d', batch, { expectedVersion: 0 })).toEqual({
        nextExpectedVersion: 2,
        duplicate: true,
      });
      expect(await store.appendToStream('run-d', batch)).toEqual({ nextExpectedVersion: 2, duplicate: true });
      // Still a duplicate after another append moved the stream on.
      await store.appendToStream('run-d', [event('next')], { expectedVersion: 2 });
      expect(await store.appendToStream('run-d', batch, { expectedVersion: 0 })).toEqual({
        nextExpectedVersion: 2,
        duplicate: true,
      });
      const slice = await store.readStream('run-d');
      expect(slice.events.map((e) => e.id)).toEqual(['once-1', 'once-2', 'next']);
      // The same event ids in another stream are other events.
      expect(await store.appendToStream('run-d2', batch)).toEqual({ nextExpectedVersion: 2, duplicate: false });
    });

    it('reads a stream from a given version', async () => {
      await store.appendToStream('run-f', events('a', 3));
      await store.appendToStream('run-f', events('b', 2));
      const slice = await store.readStream('run-f', { fromVersion: 3 });
      expect(slice).toMatchObject({ exists: true, currentVersion: 5 });
      expect(slice.events.map((e) => [e.id, e.version])).toEqual([
        ['a-3', 3],
        ['b-1', 4],
        ['b-2', 5],
      ]);
      expect((await store.readStream('run-f', { fromVersion: 6 })).events).toEqual([]);
      expect((await store.readStream('run-f', { fromVersion: 1 })).events).toHaveLength(5);
    });

    it('reports a missing stream as not existing, at version 0, with no events', async () => {
      expect(await store.readStream('never-written')).toEqual({ exists: false, currentVersion: 0, events: [] });
    });

    it('reads all streams in global order and resumes from a position', async () => {
      await store.appendToStream('run-x', [event('x1')]);
      await store.appendToStream('run-y', [event('y1'), event('y2')]);
      await store.appendToStream('run-x', [event('x2')]);
      await store.appendToStream('run-z', [event('z1')]);

      const all = await collect(store.readAll());
      expect(all.map((e) => [e.streamId, e.id, e.version])).toEqual([
        ['run-x', 'x1', 1],
        ['run-y', 'y1', 1],
        ['run-y', 'y2', 2],
        ['run-x', 'x2', 2],
        ['run-z', 'z1', 1],
      ]);
      const positions = all.map((e) => e.globalPosition);
      positions.slice(1).forEach((p, i) => expect(p).toBeGreaterThan(positions[i]));
      const fromStream = (await store.readStream('run-y')).events;
      expect(fromStream.map((e) => e.globalPosition)).toEqual([positions[1], positions[2]]);

      // Resume in the middle of a multi-event append and right after the last event.
      expect((await collect(store.readAll({ fromPosition: positions[2] }))).map((e) => e.id)).toEqual(['y2', 'x2', 'z1']);
      expect((await collect(store.readAll({ fromPosition: positions[3] + 1 }))).map((e) => e.id)).toEqual(['z1']);
      expect(await collect(store.readAll({ fromPosition: positions[4] + 1 }))).toEqual([]);

      // Stopping early is allowed (a consumer may break out of the loop).
      for await (const e of store.readAll()) {
        expect(e.id).toBe('x1');
        break;
      }
      await store.appendToStream('run-x', [event('x3')]);
      const resumed = await collect(store.readAll({ fromPosition: positions[4] + 1 }));
      expect(resumed.map((e) => e.id)).toEqual(['x3']);
    });

    it('lists the streams that exist', async () => {
      expect(await store.listStreams()).toEqual([]);
      await store.appendToStream('run-b', [event('b')]);
      await store.appendToStream('run-a', [event('a')]);
      await store.appendToStream('run-b', [event('b2')]);
      expect(await store.listStreams()).toEqual(['run-a', 'run-b']);
    });

    it('rejects bad input with a clear error and appends nothing', async () => {
      await expect(store.appendToStream('run-v', [])).rejects.toThrow(InvalidEventError);
      await expect(store.appendToStream('run-v', [])).rejects.toThrow(/empty/);
      await expect(store.appendToStream('run-v', [event('')])).rejects.toThrow(/id/);
      await expect(store.appendToStream('run-v', [{ id: 'x', type: '', data: 1 }])).rejects.toThrow(InvalidEventError);
      await expect(store.appendToStream('run-v', [event('same'), event('same')])).rejects.toThrow(/repeats/);
      await expect(store.appendToStream('run-v', [{ id: 'u', type: 'T', data: undefined }])).rejects.toThrow(EventStoreValidationError);
      await expect(store.appendToStream('run-v', [event('ok')], { expectedVersion: -1 })).rejects.toThrow(EventStoreValidationError);
      for (const bad of ['', 'has.dot', 'wild*', '>', 'with space', 'x'.repeat(129), 'ümlaut']) {
        await expect(store.appendToStream(bad, [event('e')])).rejects.toThrow(InvalidStreamIdError);
        await expect(store.readStream(bad)).rejects.toThrow(InvalidStreamIdError);
      }
      await expect(store.appendToStream('has.dot', [event('e')])).rejects.toThrow(/"has\.dot"/);
      expect(await store.listStreams()).toEqual([]);
      expect((await store.readStream('run-v')).exists).toBe(false);
      // The longest valid id is fine.
      const longest = 'A-z_9'.repeat(25) + 'abc';
      expect(longest).toHaveLength(128);
      await expect(store.appendToStream(longest, [event('e')])).resolves.toMatchObject({ nextExpectedVersion: 1 });
    });
  });
}
