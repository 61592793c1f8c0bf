import { LocalStack } from '@ares/local-stack';
import { ExpositionSample, parseExposition, samplesOf } from '@ares/metrics';
import { AresApiClient } from '../../cli/api-client';
import { isFinished, startE2eStack, waitForRun } from './e2e-stack';
import { DATA_STAGES, dataRunSpec } from './run-specs';

const SPEC = dataRunSpec();

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

describe('Prometheus metrics and worker probes on the real stack', () => {
  let stack: LocalStack;
  let api: AresApiClient;
  /** Every worker process: its name in the stack and its probe/metrics URL. */
  let workers: [string, string][];

  beforeAll(async () => {
    ({ stack, api } = await startE2eStack());
    workers = [...stack.services].filter(([, process]) => process.healthUrl).map(([name]) => [name, stack.healthUrl(name)]);
    const { runId } = await api.startRun(SPEC);
    const run = await waitForRun(api, runId, isFinished, 60_000);
    expect([run.status, run.error]).toEqual(['completed', null]);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function scrape(url: string): Promise<ExpositionSample[]> {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(PROMETHEUS_TEXT);
    return parseExposition(await response.text());
  }

  const total = (samples: ExpositionSample[]) => samples.reduce((sum, sample) => sum + sample.value, 0);

  it('gives every worker process a health port: live and ready once its consumers are attached', async () => {
    expect(workers.map(([name]) => name).sort()).toEqual(['data-service', 'optimizer-service', 'trainer-service', 'validator-service']);
    for (const [name, url] of workers) {
      expect([name, (await fetch(`${url}/healthz`)).status]).toEqual([name, 200]);
      const ready = await fetch(`${url}/readyz`);
      expect([name, ready.status, await ready.json()]).toEqual([name, 200, { status: 'ready' }]);
    }
  });

  it("serves every service's metrics: Ares' own and Node's defaults", async () => {
    for (const name of stack.services.keys()) {
      const samples = await scrape(stack.metricsUrl(name));
      expect([name, samples.some((sample) => sample.name.startsWith('ares_'))]).toEqual([name, true]);
      expect([name, samplesOf(samples, 'process_cpu_user_seconds_total').length]).toEqual([name, 1]);
    }
  });

  it("times the data-service's stages: collect ran and completed there", async () => {
    const samples = await scrape(stack.metricsUrl('data-service'));
    const collect = { stage: 'collect', service: 'data-service' };
    expect(total(samplesOf(samples, 'ares_stage_duration_seconds_count', collect))).toBeGreaterThanOrEqual(1);
    expect(samplesOf(samples, 'ares_stage_outcomes_total', { ...collect, outcome: 'completed' })[0].value).toBeGreaterThanOrEqual(1);
    for (const stage of DATA_STAGES) {
      expect(samplesOf(samples, 'ares_stages_in_flight', { stage, service: 'data-service' })).toEqual([expect.objectContaining({ value: 0 })]);
    }
  });

  it("wires the optimizer's HPO trial counter, though this run tried no trial", async () => {
    const samples = await scrape(stack.metricsUrl('optimizer-service'));
    expect(samplesOf(samples, 'ares_hpo_trials_total').map((sample) => [sample.labels.outcome, sample.value])).toEqual([
      ['completed', 0],
      ['pruned', 0],
    ]);
  });

  it("serves the orchestrator's metrics on its API port: event-store append latency and the saga's transitions", async () => {
    const samples = await scrape(`${stack.apiUrl}/metrics`);
    expect(total(samplesOf(samples, 'ares_event_store_append_seconds_count', { store: 'ARES_HISTORY' }))).toBeGreaterThan(0);
    for (const stage of DATA_STAGES) {
      expect(samplesOf(samples, 'ares_saga_transitions_total', { type: 'StageCompleted', stage })[0].value).toBeGreaterThanOrEqual(1);
    }
    expect(samplesOf(samples, 'ares_saga_transitions_total', { type: 'RunCompleted' })[0].value).toBeGreaterThanOrEqual(1);
    // For scrapers, not part of the documented API.
    const openApi = (await (await fetch(`${stack.apiUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openApi.paths)).not.toContain('/metrics');
  });
});
