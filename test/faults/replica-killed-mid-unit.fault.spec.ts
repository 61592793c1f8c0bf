import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Streams } from '@ares/contracts';
import { LocalStack } from '@ares/local-stack';
import { unitsDurable } from '@ares/messaging';
import { parseExposition, samplesOf } from '@ares/metrics';
import { AresApiClient } from '../../cli/api-client';
import { duplicateEvents, isFinished, startE2eStack, waitForRun } from '../e2e/e2e-stack';
import { onlyStages } from '../e2e/run-specs';
import { adminConnection, eventually, isContiguous, logLines, stageCompletions, unitCheckpoints } from './fault-helpers';

const SERVICE = 'optimizer-service';
const TRIALS = 9;

/**
 * One of three optimizer replicas is killed with SIGKILL while it computes an hpo trial (a unit of work handed out
 * through the units work queue) and the two others compute theirs. Its trial is redelivered to a survivor; every
 * trial is computed to completion once, checkpointed once, and hpo completes once, in its first attempt.
 * The coordinator (the replica that runs the stage itself) is left alone: its kill is hpo-determinism.e2e's case.
 */
describe('a service replica killed mid-unit while two others run', () => {
  let stack: LocalStack;
  let api: AresApiClient;
  let nc: NatsConnection;

  beforeAll(async () => {
    // A short ack wait: the dead replica's trial comes back within seconds.
    ({ stack, api } = await startE2eStack({ replicas: { [SERVICE]: 3 }, env: { ARES_ACK_WAIT_MS: '3000' } }));
    nc = await adminConnection(stack);
  }, 90_000);

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  it("the killed replica's trial is redelivered and computed once; every trial is checkpointed once; hpo completes once", async () => {
    const { runId } = await api.startRun({
      symbol: 'BTC/USDT',
      timeframe: '1h',
      from: '2023-01-01',
      to: '2024-01-01',
      seed: 5,
      stages: {
        ...onlyStages(['collect', 'preprocess', 'validate-data', 'target-params', 'coarse-optimization', 'hpo']),
        'target-params': { params: { grid: { kTp: [1.5], kSl: [1.5], horizonBars: [24] } } },
        'coarse-optimization': { params: { featureSelection: { enabled: false }, search: { points: 1, rounds: 5, rungs: 1 } } },
        // Slow trials (no pruning, many rounds), as many in flight as there are replicas: each replica is mid-trial.
        hpo: {
          params: {
            pruning: false,
            space: { learningRate: { type: 'categorical', choices: [0.01] }, minDataInLeaf: { type: 'categorical', choices: [5] } },
            budget: { broadTrials: TRIALS, refineTrials: 0, batchSize: 3, maxRounds: 1500, folds: 2 },
          },
        },
      },
    });

    const jsm = await jetstreamManager(nc);
    // Under way: the coordinator known, a trial recorded, and every replica holding one unacknowledged trial.
    const coordinator = await eventually(
      'hpo with three trials in flight',
      async () => {
        const events = await api.getEvents(runId);
        const started = events.find((event) => event.type === 'StageStarted' && (event.data as { stage: string }).stage === 'hpo');
        const instance = (started?.data as { instance?: string } | undefined)?.instance;
        if (!instance || unitCheckpoints(events, 'hpo').length < 1) return undefined;
        const consumer = await jsm.consumers.info(Streams.units, unitsDurable(SERVICE));
        return consumer.num_ack_pending >= 3 ? instance : undefined;
      },
      180_000,
      50,
    );
    const victim = stack.replicasOf(SERVICE).find((replica) => !coordinator.endsWith(`:${replica.pid}`))!;
    const victimName = [...stack.services].find(([, process]) => process === victim)![0];
    const victimPid = victim.pid!;
    await victim.kill();
    const recordedByVictim = unitCheckpoints(await api.getEvents(runId), 'hpo').filter((unit) => unit.instance?.endsWith(`:${victimPid}`)).length;

    const run = await waitForRun(api, runId, isFinished, 180_000);
    expect([run.status, run.error]).toEqual(['completed', null]);
    const hpo = run.stages.find((stage) => stage.name === 'hpo')!;
    // Redelivered units, not a retried stage.
    expect(hpo.attempts).toBe(1);

    const events = await api.getEvents(runId);
    expect(isContiguous(events)).toBe(true);
    expect(duplicateEvents(events)).toEqual([]);
    expect(stageCompletions(events).filter((completion) => completion.startsWith('hpo#'))).toEqual(['hpo#1']);
    const units = unitCheckpoints(events, 'hpo').map((unit) => unit.unit);
    expect(units).toHaveLength(TRIALS);
    expect(new Set(units).size).toBe(TRIALS);
    // The dead replica recorded nothing after its kill.
    expect(unitCheckpoints(events, 'hpo').filter((unit) => unit.instance?.endsWith(`:${victimPid}`))).toHaveLength(recordedByVictim);

    // Its trial came back: a survivor saw a redelivery on the units consumer.
    const survivors = [...stack.services.keys()].filter((name) => name.startsWith(SERVICE) && name !== victimName);
    let redeliveries = 0;
    for (const name of survivors) {
      const samples = parseExposition(await (await fetch(stack.metricsUrl(name))).text());
      redeliveries += samplesOf(samples, 'ares_message_redeliveries_total')
        .filter((sample) => sample.labels.consumer === unitsDurable(SERVICE))
        .reduce((sum, sample) => sum + sample.value, 0);
    }
    expect(redeliveries).toBeGreaterThanOrEqual(1);

    // Computed to completion once each, across all three replicas' logs (the victim's included).
    await new Promise((resolve) => setTimeout(resolve, 300)); // logs reach their files through pipes
    const computed = [...stack.services.keys()]
      .filter((name) => name.startsWith(SERVICE))
      .flatMap((name) => logLines(stack.logTail(name, 100_000), 'unit computed'))
      .filter((line) => line.runId === runId && line.stage === 'hpo')
      .map((line) => line.unit as string);
    expect(computed.sort()).toEqual([...units].sort());
  }, 300_000);
});
