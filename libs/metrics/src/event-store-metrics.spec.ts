import type { NatsConnection } from '@nats-io/transport-node';
import { ConcurrencyConflictError, JetStreamEventStore } from '@ares/event-store';
import { connectNats } from '@ares/messaging';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { AresMetrics } from './ares-metrics';
import { eventStoreMetrics } from './event-store-metrics';
import { parseExposition, samplesOf } from './exposition';

describe('eventStoreMetrics on a real JetStreamEventStore', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url, 'event-store-metrics-spec');
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('times new and duplicate appends, counts a conflict as a failure, and counts the saga transitions appended once', async () => {
    const metrics = new AresMetrics({ defaultMetrics: false });
    const store = await JetStreamEventStore.create(nc, {
      streamName: 'METRICS_HISTORY',
      subjectPrefix: 'metrics.history',
      onAppend: eventStoreMetrics(metrics),
    });
    const events = [
      { id: 'r1.started', type: 'RunStarted', data: {} },
      { id: 'r1.collect.1.dispatched', type: 'StageDispatched', data: { stage: 'collect', attempt: 1 } },
    ];
    await store.appendToStream('r1', events, { expectedVersion: 'no_stream' });
    expect(await store.appendToStream('r1', events, { expectedVersion: 'no_stream' })).toMatchObject({ duplicate: true });
    await expect(store.appendToStream('r1', [{ id: 'late', type: 'RunCompleted', data: {} }], { expectedVersion: 0 })).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );

    const samples = parseExposition(await metrics.registry.metrics());
    const labels = { store: 'METRICS_HISTORY' };
    expect(samplesOf(samples, 'ares_event_store_append_seconds_count', labels)[0].value).toBe(2);
    expect(samplesOf(samples, 'ares_event_store_append_seconds_sum', labels)[0].value).toBeGreaterThan(0);
    expect(samplesOf(samples, 'ares_event_store_append_failures_total', { ...labels, reason: 'conflict' })[0].value).toBe(1);
    expect(samplesOf(samples, 'ares_saga_transitions_total').map((s) => [s.labels.type, s.labels.stage, s.value])).toEqual([
      ['RunStarted', '', 1],
      ['StageDispatched', 'collect', 1],
    ]);
  });

  it('does not fail an append when its observer throws', async () => {
    const store = await JetStreamEventStore.create(nc, {
      streamName: 'METRICS_HISTORY_2',
      subjectPrefix: 'metrics.history2',
      onAppend: () => {
        throw new Error('observer broke');
      },
    });
    expect(await store.appendToStream('r1', [{ id: 'e1', type: 'RunStarted', data: {} }])).toEqual({ nextExpectedVersion: 1, duplicate: false });
  });
});
