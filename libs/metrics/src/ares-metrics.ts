import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Stage attempts last from milliseconds (a cache hit) to tens of minutes (a large study). */
const STAGE_SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
/** One JetStream publish round trip, sometimes queued behind the same stream's earlier appends. */
const APPEND_SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface AresMetricsOptions {
  /** prom-client's default Node metrics (process_*, nodejs_*, unprefixed so stock dashboards work); default true. */
  defaultMetrics?: boolean;
}

/**
 * Ares' Prometheus metrics in one registry. Names follow Prometheus' conventions (base units, `_total` counters) and
 * labels stay low-cardinality: stage, service, consumer, outcome — never a run id. The hooks that feed them live
 * beside this file (stage-runner-metrics.ts, consumer-metrics.ts, …); the code they observe never sees prom-client.
 */
export class AresMetrics {
  readonly registry = new Registry();

  readonly stageDuration = new Histogram({
    name: 'ares_stage_duration_seconds',
    help: 'Stage attempts run by this process, by how they ended (completed, cached, failed, cancelled, error)',
    labelNames: ['stage', 'service', 'outcome'] as const,
    buckets: STAGE_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  readonly stageOutcomes = new Counter({
    name: 'ares_stage_outcomes_total',
    help: 'Stage attempts that ended in this process, by outcome',
    labelNames: ['stage', 'service', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly stagesInFlight = new Gauge({
    name: 'ares_stages_in_flight',
    help: 'Stage attempts running in this process now',
    labelNames: ['stage', 'service'] as const,
    registers: [this.registry],
  });

  readonly units = new Counter({
    name: 'ares_units_total',
    help: 'Units of work of fanned-out stages handled by this process, by outcome (completed, skipped, failed, cancelled, retried)',
    labelNames: ['stage', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly redeliveries = new Counter({
    name: 'ares_message_redeliveries_total',
    help: 'JetStream messages this process received again (delivery count above 1), by durable consumer',
    labelNames: ['service', 'consumer'] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'ares_dead_letters_total',
    help: 'Messages this process copied to the dead-letter stream, by durable consumer',
    labelNames: ['service', 'consumer'] as const,
    registers: [this.registry],
  });

  readonly hpoTrials = new Counter({
    name: 'ares_hpo_trials_total',
    help: 'HPO trials evaluated by this process, by outcome (completed, pruned, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly eventStoreAppend = new Histogram({
    name: 'ares_event_store_append_seconds',
    help: 'Event-store appends that succeeded (new or duplicate), as long as the caller waited',
    labelNames: ['store'] as const,
    buckets: APPEND_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  readonly eventStoreAppendFailures = new Counter({
    name: 'ares_event_store_append_failures_total',
    help: 'Event-store appends that failed: conflict (not at the expected version) or error',
    labelNames: ['store', 'reason'] as const,
    registers: [this.registry],
  });

  readonly sagaTransitions = new Counter({
    name: 'ares_saga_transitions_total',
    help: 'Events the run saga recorded, by type (RunStarted, StageDispatched, StageCompleted, …) and stage ("" for run events)',
    labelNames: ['type', 'stage'] as const,
    registers: [this.registry],
  });

  constructor(options: AresMetricsOptions = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The text exposition and the Content-Type it must be served with. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
