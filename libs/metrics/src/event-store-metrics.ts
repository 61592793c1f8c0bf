import { isStageName } from '@ares/contracts';
import type { JetStreamEventStoreOptions } from '@ares/event-store';
import { AresMetrics } from './ares-metrics';

type AppendObserver = NonNullable<JetStreamEventStoreOptions['onAppend']>;

/**
 * Times the event store's appends and counts what the saga recorded: every event of a new (not duplicate) append, by
 * its type and the stage it names. Only catalogued stage names become label values, so the series stay bounded.
 */
export function eventStoreMetrics(metrics: AresMetrics): AppendObserver {
  return ({ store, events, seconds, outcome }) => {
    if (outcome === 'conflict' || outcome === 'error') return void metrics.eventStoreAppendFailures.inc({ store, reason: outcome });
    metrics.eventStoreAppend.observe({ store }, seconds);
    if (outcome !== 'appended') return;
    for (const event of events) {
      const stage = (event.data as { stage?: unknown } | null)?.stage;
      metrics.sagaTransitions.inc({ type: event.type, stage: typeof stage === 'string' && isStageName(stage) ? stage : '' });
    }
  };
}
