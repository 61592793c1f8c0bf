import type { ConsumerObserver } from '@ares/messaging';
import { AresMetrics } from './ares-metrics';

/** Counts a service's redeliveries and dead letters per durable consumer (the consumer's name, shared by replicas). */
export function consumerMetrics(metrics: AresMetrics, service: string): ConsumerObserver {
  return {
    redelivered: ({ durable }) => metrics.redeliveries.inc({ service, consumer: durable }),
    deadLettered: ({ durable }) => metrics.deadLetters.inc({ service, consumer: durable }),
  };
}
