import { AresMetrics } from './ares-metrics';
import { consumerMetrics } from './consumer-metrics';
import { eventStoreMetrics } from './event-store-metrics';
import { parseExposition, samplesOf } from './exposition';
import { hpoTrialMetrics } from './hpo-trial-metrics';
import { processMetrics } from './process-metrics';
import { stageRunnerMetrics } from './stage-runner-metrics';

async function scrape(metrics: AresMetrics) {
  const { body } = await metrics.render();
  return { body, samples: parseExposition(body) };
}

describe('AresMetrics', () => {
  it('declares every metric with its Prometheus type, and serves the text exposition with its Content-Type', async () => {
    const metrics = new AresMetrics({ defaultMetrics: false });
    const { contentType, body } = await metrics.render();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const types = Object.fromEntries([...body.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => [name, type]));
    expect(types).toEqual({
      ares_stage_duration_seconds: 'histogram',
      ares_stage_outcomes_total: 'counter',
      ares_stages_in_flight: 'gauge',
      ares_units_total: 'counter',
      ares_message_redeliveries_total: 'counter',
      ares_dead_letters_total: 'counter',
      ares_hpo_trials_total: 'counter',
      ares_event_store_append_seconds: 'histogram',
      ares_event_store_append_failures_total: 'counter',
      ares_saga_transitions_total: 'counter',
    });
  });

  it("adds prom-client's default Node metrics, unprefixed, unless told not to", async () => {
    const withDefaults = await scrape(new AresMetrics());
    expect(samplesOf(withDefaults.samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(samplesOf(withDefaults.samples, 'nodejs_heap_size_used_bytes')[0].value).toBeGreaterThan(0);
    const without = await scrape(new AresMetrics({ defaultMetrics: false }));
    expect(without.body).not.toMatch(/^process_|^nodejs_/m);
  });

  it('gives a process one registry', () => {
    expect(processMetrics()).toBe(processMetrics());
  });

  it("starts a service's stages at zero and counts attempts by stage, service and outcome", async () => {
    const metrics = new AresMetrics({ defaultMetrics: false });
    const observer = stageRunnerMetrics(metrics, 'data-service', ['collect', 'preprocess']);
    let { samples } = await scrape(metrics);
    expect(samplesOf(samples, 'ares_stages_in_flight', { stage: 'preprocess', service: 'data-service' })).toEqual([
      expect.objectContaining({ value: 0 }),
    ]);
    expect(samplesOf(samples, 'ares_stage_outcomes_total', { stage: 'collect' }).map((s) => s.labels.outcome)).toEqual([
      'completed',
      'cached',
      'failed',
      'cancelled',
      'error',
    ]);

    observer.attemptStarted!('collect');
    observer.attemptStarted!('collect');
    ({ samples } = await scrape(metrics));
    expect(samplesOf(samples, 'ares_stages_in_flight', { stage: 'collect' })[0].value).toBe(2);
    observer.attemptEnded!('collect', 'completed', 0.3);
    observer.attemptEnded!('collect', 'failed', 7);
    observer.unitEnded!('collect', 'skipped', 0.01);
    ({ samples } = await scrape(metrics));
    expect(samplesOf(samples, 'ares_stages_in_flight', { stage: 'collect' })[0].value).toBe(0);
    expect(samplesOf(samples, 'ares_stage_outcomes_total', { stage: 'collect', service: 'data-service', outcome: 'failed' })[0].value).toBe(1);
    const completed = { stage: 'collect', service: 'data-service', outcome: 'completed' };
    expect(samplesOf(samples, 'ares_stage_duration_seconds_count', completed)[0].value).toBe(1);
    expect(samplesOf(samples, 'ares_stage_duration_seconds_sum', completed)[0].value).toBeCloseTo(0.3);
    expect(samplesOf(samples, 'ares_stage_duration_seconds_bucket', { ...completed, le: '0.25' })[0].value).toBe(0);
    expect(samplesOf(samples, 'ares_stage_duration_seconds_bucket', { ...completed, le: '0.5' })[0].value).toBe(1);
    expect(samplesOf(samples, 'ares_units_total', { stage: 'collect', outcome: 'skipped' })[0].value).toBe(1);
  });

  it('counts redeliveries and dead letters by service and durable consumer', async () => {
    const metrics = new AresMetrics({ defaultMetrics: false });
    const observer = consumerMetrics(metrics, 'trainer-service');
    const consumer = { stream: 'ARES_UNITS', durable: 'trainer-service-units' };
    observer.redelivered!(consumer, undefined as never);
    observer.redelivered!(consumer, undefined as never);
    observer.deadLettered!(consumer, undefined as never, 'exhausted');
    const { samples } = await scrape(metrics);
    const labels = { service: 'trainer-service', consumer: 'trainer-service-units' };
    expect(samplesOf(samples, 'ares_message_redeliveries_total', labels)[0].value).toBe(2);
    expect(samplesOf(samples, 'ares_dead_letters_total', labels)[0].value).toBe(1);
  });

  it('counts HPO trials by outcome, completed and pruned starting at zero', async () => {
    const metrics = new AresMetrics({ defaultMetrics: false });
    const trials = hpoTrialMetrics(metrics);
    expect(samplesOf((await scrape(metrics)).samples, 'ares_hpo_trials_total').map((s) => [s.labels.outcome, s.value])).toEqual([
      ['completed', 0],
      ['pruned', 0],
    ]);
    trials.trialEnded('pruned');
    trials.trialEnded('pruned');
    trials.trialEnded('completed');
    expect(samplesOf((await scrape(metrics)).samples, 'ares_hpo_trials_total', { outcome: 'pruned' })[0].value).toBe(2);
  });

  it('times appends and counts the saga transitions of new appends only, naming only catalogued stages', async () => {
    const metrics = new AresMetrics({ defaultMetrics: false });
    const onAppend = eventStoreMetrics(metrics);
    const events = [
      { id: 'a', type: 'StageCompleted', data: { stage: 'collect' } },
      { id: 'b', type: 'StageDispatched', data: { stage: 'preprocess' } },
      { id: 'c', type: 'RunCompleted', data: {} },
      { id: 'd', type: 'StageStarted', data: { stage: 'run-42-not-a-stage' } },
    ];
    const store = 'ARES_HISTORY';
    onAppend({ store, streamId: 'r1', events, seconds: 0.004, outcome: 'appended' });
    onAppend({ store, streamId: 'r1', events, seconds: 0.002, outcome: 'duplicate' });
    onAppend({ store, streamId: 'r1', events, seconds: 0.001, outcome: 'conflict' });
    const { samples } = await scrape(metrics);
    expect(samplesOf(samples, 'ares_event_store_append_seconds_count', { store })[0].value).toBe(2);
    expect(samplesOf(samples, 'ares_event_store_append_failures_total', { store, reason: 'conflict' })[0].value).toBe(1);
    expect(samplesOf(samples, 'ares_saga_transitions_total').map((s) => [s.labels.type, s.labels.stage, s.value])).toEqual([
      ['StageCompleted', 'collect', 1],
      ['StageDispatched', 'preprocess', 1],
      ['RunCompleted', '', 1],
      ['StageStarted', '', 1],
    ]);
  });
});

describe('parseExposition', () => {
  it('reads names, escaped label values and special values', () => {
    const samples = parseExposition(
      [
        '# HELP x_total a counter',
        '# TYPE x_total counter',
        'x_total{a="q\\"uo,te",b="back\\\\slash"} 3',
        'y_bucket{le="+Inf"} +Inf',
        'z 1.5e-3 1700000000',
      ].join('\n'),
    );
    expect(samples).toEqual([
      { name: 'x_total', labels: { a: 'q"uo,te', b: 'back\\slash' }, value: 3 },
      { name: 'y_bucket', labels: { le: '+Inf' }, value: Infinity },
      { name: 'z', labels: {}, value: 0.0015 },
    ]);
    expect(() => parseExposition('x_total{a=unquoted} 1')).toThrow(/unreadable labels/);
  });
});
