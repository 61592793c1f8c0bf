import { connect, NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { Buckets } from '@ares/contracts';
import { LocalStack } from '@ares/local-stack';
import { AresApiClient, RunView } from '../../cli/api-client';
import { duplicateEvents, isFinished, startE2eStack, waitForRun } from './e2e-stack';

/**
 * The study is a function of the RunSpec, not of the deployment: the same RunSpec run with 3, 2 and 1
 * optimizer-service replicas, and once more with the replica coordinating hpo killed with SIGKILL mid-study, gives
 * the same trials (params, states, values), the same chosen params and the same model bytes.
 */
describe('hpo: the same study at any optimizer replica count and after kill -9 of its coordinator', () => {
  let stack: LocalStack;
  let api: AresApiClient;
  let nc: NatsConnection;

  const SPEC = {
    symbol: 'BTC/USDT',
    timeframe: '1h',
    from: '2023-01-01',
    to: '2024-01-01',
    seed: 11,
    stages: {
      'target-params': { params: { grid: { kTp: [1, 1.5], kSl: [1, 1.5], horizonBars: [24] } } },
      'coarse-optimization': { params: { folds: 3, search: { points: 8, rounds: 20, rungs: 2 } } },
      hpo: { params: { budget: { broadTrials: 12, refineTrials: 4, batchSize: 4, maxRounds: 90, minRounds: 10, folds: 3, leaders: 2 } } },
      ensemble: { enabled: false },
      'meta-learner': { enabled: false },
      'walk-forward': { enabled: false },
      'cross-validation': { enabled: false },
      'monte-carlo': { enabled: false },
      'save-model': { enabled: false },
      'ab-setup': { enabled: false },
      report: { enabled: false },
    },
  };

  beforeAll(async () => {
    ({ stack, api } = await startE2eStack({ replicas: { 'optimizer-service': 3 }, env: { ARES_ACK_WAIT_MS: '4000' } }));
    nc = await connect(stack.natsAdminOptions);
  }, 90_000);

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  /** Every stage computed again, not served from the stage cache. */
  const uncached = async () => {
    const cache = await new Kvm(nc).open(Buckets.stageCache);
    for await (const key of await cache.keys()) await cache.purge(key);
  };

  const studyOf = (run: RunView) => {
    const hpo = run.stages.find((stage) => stage.name === 'hpo') as RunView['stages'][number] & { summary?: { trials?: unknown; chosen?: unknown } };
    const train = run.stages.find((stage) => stage.name === 'train')!;
    return {
      trials: hpo.summary?.trials,
      chosen: hpo.summary?.chosen,
      metrics: hpo.metrics,
      model: train.artifacts.find((artifact) => artifact.name === 'model')!.key,
    };
  };

  const hpoUnitsBy = async (runId: string) => {
    const events = await api.getEvents(runId);
    const units = events
      .filter((event) => event.type === 'StageCheckpointed')
      .map((event) => event.data as { stage: string; unit: string; instance?: string })
      .filter((data) => data.stage === 'hpo');
    return { events, units, instances: new Set(units.map((unit) => unit.instance)) };
  };

  const runOnce = async () => {
    await uncached();
    const { runId } = await api.startRun(SPEC);
    const run = await waitForRun(api, runId, isFinished, 180_000);
    expect(run.status).toBe('completed');
    return { runId, run };
  };

  let baseline: ReturnType<typeof studyOf>;

  it('3 replicas share the trials; 2 and 1 replicas run the very same study', async () => {
    const three = await runOnce();
    baseline = studyOf(three.run);
    expect(baseline.metrics.hpoTrials).toBe(16);
    expect((await hpoUnitsBy(three.runId)).instances.size).toBeGreaterThan(1);

    await stack.replicasOf('optimizer-service')[2].stop();
    const two = await runOnce();
    expect(studyOf(two.run)).toEqual(baseline);

    await stack.replicasOf('optimizer-service')[1].stop();
    const one = await runOnce();
    expect(studyOf(one.run)).toEqual(baseline);
    expect((await hpoUnitsBy(one.runId)).instances.size).toBe(1);
  }, 600_000);

  it('kill -9 of the coordinating replica mid-study changes nothing, and no trial is recorded twice', async () => {
    for (const replica of stack.replicasOf('optimizer-service').slice(1)) replica.start();
    await uncached();
    const { runId } = await api.startRun(SPEC);
    // Wait until the study is under way, then kill the replica that started hpo (the coordinator).
    const deadline = Date.now() + 120_000;
    let coordinator: string | undefined;
    for (;;) {
      const { events, units } = await hpoUnitsBy(runId);
      const started = events.find((event) => event.type === 'StageStarted' && (event.data as { stage: string }).stage === 'hpo');
      coordinator = (started?.data as { instance?: string } | undefined)?.instance;
      if (coordinator && units.length >= 4) break;
      if (Date.now() > deadline) throw new Error(`hpo recorded ${units.length} trials in 120 s\n${stack.logTail('optimizer-service')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const victim = stack.replicasOf('optimizer-service').find((replica) => coordinator!.endsWith(`:${replica.pid}`));
    expect(victim).toBeDefined();
    await victim!.kill();

    const run = await waitForRun(api, runId, isFinished, 240_000);
    expect(run.status).toBe('completed');
    expect(studyOf(run)).toEqual(baseline);
    const { events, units } = await hpoUnitsBy(runId);
    expect(duplicateEvents(events)).toEqual([]);
    expect(new Set(units.map((unit) => unit.unit)).size).toBe(units.length);
    expect(units.length).toBe(16);
    // The study finished after its coordinator died (redelivered to a surviving replica), as the same attempt.
    expect(run.stages.find((stage) => stage.name === 'hpo')!.attempts).toBe(1);
  }, 400_000);
});
