import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AresApiClient, RunView } from '../../cli/api-client';
import { LocalStack } from '@ares/local-stack';
import { writeSyntheticMinuteCsv } from './synthetic-market-data';
import { duplicateEvents, isFinished, startE2eStack, waitForRun } from './e2e-stack';

/**
 * Crash tests. A million 1m bars make `collect` run for seconds (parse, hash, store ~50 MB), so a process
 * can be killed with SIGKILL while a stage is really in flight.
 */
describe('recovery from kill -9', () => {
  let dataDir: string;
  let stack: LocalStack;
  let api: AresApiClient;
  let range: { from: string; to: string };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ares-slow-data-'));
    const { fromMs, toMs } = await writeSyntheticMinuteCsv(dataDir, 'BTC/USDT', 1_000_000);
    range = { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
    // Short ack wait: a dead service's command is redelivered within seconds.
    ({ stack, api } = await startE2eStack({ env: { ARES_DATA_DIR: dataDir, ARES_ACK_WAIT_MS: '2000' } }));
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  // The data stages are what these tests need in flight; the model stages on a million rows would only slow them.
  const modelStagesOff = {
    'target-params': { enabled: false },
    'coarse-optimization': { enabled: false },
    hpo: { enabled: false },
    train: { enabled: false },
    ensemble: { enabled: false },
    'meta-learner': { enabled: false },
    'cross-validation': { enabled: false },
    'monte-carlo': { enabled: false },
    'save-model': { enabled: false },
    'ab-setup': { enabled: false },
    report: { enabled: false },
    'walk-forward': { enabled: false },
  };
  // Each test ends its range a few minutes earlier: collect's cache is keyed by the range, so no test finds another's output.
  const spec = (seed: number) => ({
    symbol: 'BTC/USDT',
    timeframe: '1m',
    from: range.from,
    to: new Date(Date.parse(range.to) - seed * 60_000).toISOString(),
    seed,
    stages: modelStagesOff,
  });
  const collect = (run: RunView) => run.stages.find((stage) => stage.name === 'collect')!;

  async function expectCleanHistory(runId: string): Promise<void> {
    const events = await api.getEvents(runId);
    expect(duplicateEvents(events)).toEqual([]);
    expect(events.map((event) => event.version)).toEqual(events.map((_, index) => index + 1));
    const completions = events.filter((event) => event.type === 'StageCompleted').map((event) => (event.data as { stage: string }).stage);
    expect(completions.sort()).toEqual(['collect', 'preprocess', 'validate-data']);
    expect(events.filter((event) => event.type === 'RunCompleted')).toHaveLength(1);
  }

  it('a service killed mid-stage: the stage is redelivered to its restarted replica and finishes', async () => {
    const { runId } = await api.startRun(spec(1));
    await waitForRun(api, runId, (run) => collect(run).status === 'running');
    await stack.service('data-service').kill();
    stack.service('data-service').start();
    const run = await waitForRun(api, runId, isFinished, 60_000);
    expect(run.status).toBe('completed');
    // The same attempt, redelivered by JetStream: not a saga-level retry.
    expect(collect(run).attempts).toBe(1);
    await expectCleanHistory(runId);
  }, 90_000);

  it('the orchestrator killed mid-run: restarted, it rebuilds from history and finishes the run', async () => {
    const { runId } = await api.startRun(spec(2));
    await waitForRun(api, runId, (run) => collect(run).status === 'running');
    await stack.service('orchestrator').kill();
    stack.service('orchestrator').start();
    await stack.waitUntilHealthy(30_000);
    const run = await waitForRun(api, runId, isFinished, 60_000);
    expect(run.status).toBe('completed');
    await expectCleanHistory(runId);
  }, 90_000);

  it('cancel stops a running stage and dispatches nothing more; resume finishes the run', async () => {
    const { runId } = await api.startRun(spec(3));
    await waitForRun(api, runId, (run) => collect(run).status === 'running');
    expect(await api.cancelRun(runId, 'changed my mind')).toEqual({ runId, status: 'cancelled' });
    const cancelled = await api.getRun(runId);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: 'changed my mind' });
    expect(collect(cancelled).status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const events = await api.getEvents(runId);
    expect(events.at(-1)!.type).toBe('RunCancelled');
    expect(events.filter((event) => event.type === 'StageDispatched')).toHaveLength(1);

    await api.resumeRun(runId);
    const run = await waitForRun(api, runId, isFinished, 60_000);
    expect(run.status).toBe('completed');
    expect(collect(run).attempts).toBe(2);
  }, 90_000);
});
