import { jetstreamManager, StoredMsg } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { Buckets, Streams } from '@ares/contracts';
import { LocalStack, tempLogDir } from '@ares/local-stack';
import { NatsCluster, startNatsCluster } from '@ares/nats-server';
import { provisionAres } from '@ares/provisioning';
import { AresApiClient, RunView } from '../../cli/api-client';
import { duplicateEvents, isFinished, startE2eStack } from '../e2e/e2e-stack';
import { onlyStages } from '../e2e/run-specs';
import { eventually, isContiguous, stageCompletions, streamMessages, waitThroughOutage } from './fault-helpers';

const CLUSTER_RUN_STAGES = ['collect', 'preprocess', 'validate-data', 'target-params', 'coarse-optimization', 'hpo', 'train'];

/**
 * A local 3-node JetStream cluster (three nats-servers routed to each other, each with its own file store) and R3
 * streams, buckets and object stores made by provisionAres. Mid-run the leader of the history stream is killed with
 * SIGKILL and started again; later another node is killed (never two down at once: R3 needs a quorum of 2). The run
 * completes, and every history message the cluster had acknowledged before each kill is there afterwards, unchanged.
 */
describe('a 3-node JetStream cluster losing nodes mid-run', () => {
  let cluster: NatsCluster;
  let nc: NatsConnection;
  let stack: LocalStack;
  let api: AresApiClient;
  let logDir: string;

  beforeAll(async () => {
    logDir = tempLogDir('ares-cluster-fault-');
    cluster = await startNatsCluster(3, 'ares-local', { logDir });
    nc = await connect({ servers: cluster.url.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    await provisionAres(nc, { replicas: 3 });
    // Every service gets all three URLs and only opens what was provisioned (a self-provisioning service would
    // converge the streams back to its own R1).
    ({ stack, api } = await startE2eStack({ natsUrl: cluster.url, logDir, env: { ARES_PROVISIONING: 'external', ARES_ACK_WAIT_MS: '4000' } }));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await nc?.close();
    await cluster?.stop();
  });

  const historyInfo = async () => (await jetstreamManager(nc, { timeout: 2000 })).streams.info(Streams.history);
  /** The history as the cluster holds it now, by stream sequence (read through whichever node answers). */
  const history = () => eventually('history readable', () => streamMessages(nc, Streams.history), 30_000, 250);
  const sameMessage = (a: StoredMsg, b: StoredMsg | undefined) =>
    b !== undefined && a.subject === b.subject && Buffer.from(a.data).equals(Buffer.from(b.data));
  /** What a stalled run looks like from the cluster: each durable's delivery state and the history's last entries. */
  const diagnostics = async () => {
    const lines: string[] = [];
    const jsm = await jetstreamManager(nc, { timeout: 2000 });
    for await (const stream of jsm.streams.list()) {
      for await (const consumer of jsm.consumers.list(stream.config.name)) {
        if (!consumer.config.durable_name) continue;
        const { num_pending, num_ack_pending, num_redelivered, num_waiting, delivered, ack_floor, cluster: where } = consumer;
        lines.push(
          `${stream.config.name}/${consumer.name}: pending ${num_pending} ackPending ${num_ack_pending} redelivered ${num_redelivered} ` +
            `waiting ${num_waiting} delivered ${delivered.stream_seq} ackFloor ${ack_floor.stream_seq} leader ${where?.leader}`,
        );
      }
    }
    const tail = (await streamMessages(nc, Streams.history)).slice(-8);
    const types = (message: StoredMsg) => [...message.string().matchAll(/"type":"(\w+)"/g)].map((match) => match[1]).join(',');
    lines.push(...tail.map((message) => `history #${message.seq} ${message.subject} ${types(message)}`));
    return lines.join('\n');
  };
  /** A wait that, when it gives up, says where the run stood. */
  const diagnosed = <T>(wait: Promise<T>) =>
    wait.catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await diagnostics().catch((cause: Error) => `(no diagnostics: ${cause.message})`)}`);
    });
  const stage = (run: RunView, name: string) => run.stages.find((candidate) => candidate.name === name)!;

  /** Until the history stream has a leader and both followers are current (caught up). */
  const historyHealthy = () =>
    eventually(
      'history stream led, with current replicas',
      async () => {
        const info = await historyInfo();
        const replicas = info.cluster?.replicas ?? [];
        return info.cluster?.leader && replicas.length === 2 && replicas.every((replica) => replica.current && !replica.offline) ? info : undefined;
      },
      60_000,
      250,
    );

  it('provisions everything with three replicas', async () => {
    const jsm = await jetstreamManager(nc);
    for (const stream of [Streams.history, Streams.stageCommands, Streams.stageEvents, `KV_${Buckets.runs}`, `OBJ_${Buckets.artifacts}`])
      expect([stream, (await jsm.streams.info(stream)).config.num_replicas]).toEqual([stream, 3]);
  });

  it('kill -9 of the history leader, its restart, then kill -9 of another node: the run completes and no acknowledged event is lost', async () => {
    const { runId } = await api.startRun({
      symbol: 'BTC/USDT',
      timeframe: '1h',
      from: '2023-01-01',
      to: '2023-02-01',
      seed: 13,
      // nats-server 2.9 places about one in three new R1 ephemeral (ordered) consumers on the offline peer while a
      // node is down, and that create times out; every history and artifact read makes one. A few transient retries
      // per stage carry a run through such a window (see the fault suite's README paragraph).
      // Through train: every service, the units of hpo, history and artifacts read and written at every hop, in a
      // run short enough to keep the cluster's outages (and 2.9's placement misses) a large share of it.
      stages: {
        ...Object.fromEntries(CLUSTER_RUN_STAGES.map((name) => [name, { retries: 3 }])),
        ...onlyStages(CLUSTER_RUN_STAGES),
        'target-params': { retries: 3, params: { minTrades: 10 } },
      },
    });
    const completed = (run: RunView) => run.stages.filter((candidate) => candidate.status === 'completed').length;
    /** Until one more stage completed than in `since`, or `ms` passed: how long a killed node stays down. */
    const progressedOr = async (since: RunView, ms: number) => {
      const until = Date.now() + ms;
      await diagnosed(
        waitThroughOutage(api, runId, (run) => completed(run) > completed(since) || isFinished(run) || Date.now() > until, ms + 30_000),
      );
    };

    // 1. Mid-run (the data stages done), kill the history stream's leader; restart it once the run moved on.
    const atFirst = await diagnosed(
      waitThroughOutage(api, runId, (run) => stage(run, 'validate-data').status === 'completed' || isFinished(run), 90_000),
    );
    const leader = (await historyHealthy()).cluster!.leader!;
    const ackedBeforeFirst = await history();
    await cluster.kill(leader);
    const led = await eventually('a new history leader', async () => {
      const now = (await historyInfo().catch(() => undefined))?.cluster?.leader;
      return now && now !== leader ? now : undefined;
    });
    await progressedOr(atFirst, 15_000);
    await cluster.start(leader);

    // 2. Later, once the restarted node has caught up, kill another node (never two down at once).
    const atSecond = await diagnosed(
      waitThroughOutage(api, runId, (run) => ['running', 'completed'].includes(stage(run, 'hpo').status) || isFinished(run), 180_000),
    );
    await historyHealthy();
    const ackedBeforeSecond = await history();
    const second = cluster.nodes.find((node) => node.name !== leader)!.name;
    await cluster.kill(second);
    await progressedOr(atSecond, 15_000);
    await cluster.start(second);

    const run = await diagnosed(waitThroughOutage(api, runId, isFinished, 240_000));
    expect([atFirst.status, atSecond.status]).toEqual(['running', 'running']);
    expect(led).not.toBe(leader);
    expect([run.status, run.error]).toEqual(['completed', null]);

    // Nothing acknowledged before either kill went missing or changed.
    const after = new Map((await history()).map((message) => [message.seq, message]));
    for (const acked of [ackedBeforeFirst, ackedBeforeSecond]) {
      expect(acked.length).toBeGreaterThan(0);
      expect(acked.filter((message) => !sameMessage(message, after.get(message.seq))).map((message) => message.seq)).toEqual([]);
    }
    expect(ackedBeforeSecond.length).toBeGreaterThan(ackedBeforeFirst.length);

    const events = await api.getEvents(runId);
    expect(isContiguous(events)).toBe(true);
    expect(duplicateEvents(events)).toEqual([]);
    const completions = stageCompletions(events);
    expect(completions).toEqual([...new Set(completions)]);
    expect(run.stages.filter((candidate) => candidate.status !== 'skipped').map((candidate) => [candidate.name, candidate.status])).toEqual(
      CLUSTER_RUN_STAGES.map((name) => [name, 'completed']),
    );

    // Both killed nodes came back and caught up with what they missed.
    const healed = await historyHealthy();
    expect(healed.state.last_seq).toBe(Math.max(...after.keys()));
  }, 420_000);
});
