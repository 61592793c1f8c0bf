import { eventStoreContract } from './event-store.contract';
import { InMemoryEventStore } from './in-memory-event-store';

eventStoreContract('InMemoryEventStore', async () => ({
  store: new InMemoryEventStore(),
  teardown: async () => undefined,
}));

describe('InMemoryEventStore', () => {
  it('stamps occurredAt from the injected clock', async () => {
    const store = new InMemoryEventStore({ clock: () => new Date('2023-03-24T12:00:00.000Z') });
    await store.appendToStream('run-1', [{ id: 'e1', type: 'T', data: {} }]);
    const [event] = (await store.readStream('run-1')).events;
    expect(event.occurredAt).toBe('2023-03-24T12:00:00.000Z');
  });

  it('hands out copies, so callers cannot change recorded history', async () => {
    const store = new InMemoryEventStore();
    const data = { list: [1] };
    await store.appendToStream('run-1', [{ id: 'e1', type: 'T', data }]);
    data.list.push(2);
    const [first] = (await store.readStream('run-1')).events;
    (first.data as { list: number[] }).list.push(3);
    expect((await store.readStream('run-1')).events[0].data).toEqual({ list: [1] });
  });
});
