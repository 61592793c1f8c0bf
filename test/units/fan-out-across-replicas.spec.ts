import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { InMemoryArtifactStore } from '@ares/artifacts';
import {
  ExecuteStageCommand,
  parseContract,
  RunSpec,
  stageContract,
  StageEventMessage,
  StageName,
  StageOutput,
  Streams,
  Subjects,
} from '@ares/contracts';
import { JetStreamEventStore } from '@ares/event-store';
import { connectNats, DurableWorker, provisionMessaging, startDurableWorker } from '@ares/messaging';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { RunSaga } from '@ares/orchestrator';
import { onlyStages } from '../e2e/run-specs';
import { HistoryCheckpointSource, JetStreamUnitQueue, StageEventPublisher, startUnitWorker } from '@ares/service-host';
import { InMemoryStageCache, Stage, StageContext, StageRunner } from '@ares/stage-runtime';

/**
 * Fan-out of units of work across replicas, with the real pieces: nats-server, the units work queue, a durable
 * consumer shared by three "replicas" of a service (each its own connection, runner and unit worker), the run's
 * history as the record of finished units, and the saga turning checkpoint events into history.
 */
const UNITS = 12;

/** A toy long stage: squares 1..12, one unit each, handed out to the replicas. */
class SquaresStage implements Stage<'collect'> {
  readonly name = 'collect' as const;
  readonly version = '1';
  readonly computedBy: string[] = [];
  constructor(private readonly replica: string) {}
  validateInput(): void {}
  async execute(context: StageContext<'collect'>): Promise<StageOutput> {
    const units = Array.from({ length: UNITS }, (_, index) => ({ unit: `square-${index + 1}`, payload: { n: index + 1 } }));
    const results = await context.checkpoints.fanOut(units);
    const sum = [...results.values()].reduce((total: number, result) => total + (result as { square: number }).square, 0);
    return { artifacts: [], metrics: { rows: results.size, sum } };
  }
  async executeUnit(_context: StageContext<'collect'>, _unit: string, payload: unknown): Promise<unknown> {
    await new Promise((resolve) => setTimeout(resolve, 60));
    this.computedBy.push(this.replica);
    const { n } = payload as { n: number };
    return { square: n * n };
  }
  validateOutput(): void {}
}

describe('units of work fan out across replicas', () => {
  let server: NatsServerProcess;
  const connections: NatsConnection[] = [];
  const workers: DurableWorker[] = [];
  let saga: RunSaga;
  let store: JetStreamEventStore;
  const commands: ExecuteStageCommand[] = [];
  const stages: SquaresStage[] = [];
  const runners: StageRunner[] = [];
  const unitWorkers: DurableWorker[] = [];
  /** A replica whose process "died": whatever it still tries to publish fails, as on a lost connection (nothing is acked). */
  const dead = new Set<number>();

  async function replica(index: number): Promise<StageRunner> {
    const nc = await connectNats(server.url, `replica-${index}`);
    connections.push(nc);
    const events = new StageEventPublisher(nc);
    const stage = new SquaresStage(`replica-${index}`);
    const publishEvent = async (message: StageEventMessage) => {
      if (dead.has(index)) throw new Error(`replica-${index} is dead`);
      await events.publish(message);
    };
    const runner = new StageRunner({
      stages: [stage],
      cache: new InMemoryStageCache(),
      artifacts: new InMemoryArtifactStore(),
      checkpoints: new HistoryCheckpointSource(await JetStreamEventStore.create(nc)),
      unitQueue: new JetStreamUnitQueue(nc, (name) => stageContract(name as StageName).service),
      unitPollMs: 50,
      instance: `replica-${index}`,
      logger: pino({ level: 'silent' }),
      publishEvent,
    });
    const unitWorker = await startUnitWorker({
      nc,
      service: 'data-service',
      runner,
      logger: pino({ level: 'silent' }),
      publishEvent,
      ackWaitMs: 2000,
    });
    workers.push(unitWorker);
    unitWorkers.push(unitWorker);
    stages.push(stage);
    runners.push(runner);
    return runner;
  }

  beforeAll(async () => {
    server = await startNatsServer();
    const nc = await connectNats(server.url, 'fan-out-orchestrator');
    connections.push(nc);
    await provisionMessaging(nc);
    store = await JetStreamEventStore.create(nc);
    const logger = pino({ level: 'silent' });
    saga = new RunSaga({
      store,
      logger,
      dispatcher: { dispatch: async (command) => void commands.push(command), cancelStages: async () => undefined },
      projector: { project: async () => undefined },
    });
    workers.push(
      await startDurableWorker({
        nc,
        stream: Streams.stageEvents,
        durable: 'fan-out-orchestrator',
        filterSubject: Subjects.stageEventsAll,
        logger,
        concurrency: 8,
        handler: async (message) => void (await saga.recordStageEvent(parseContract(StageEventMessage, message.json()))),
      }),
    );
    for (const index of [1, 2, 3]) await replica(index);
  }, 30_000);

  afterAll(async () => {
    saga?.stop();
    for (const worker of workers) await worker.stop();
    for (const nc of connections) await nc.close();
    await server?.stop();
  });

  const spec = (seed: number) =>
    parseContract(RunSpec, {
      symbol: 'BTC/USDT',
      timeframe: '1h',
      from: '2023-01-01',
      to: '2023-02-01',
      seed,
      // collect alone: every later stage disabled.
      stages: onlyStages(['collect']),
    });

  async function startRun(runId: string, seed: number): Promise<ExecuteStageCommand> {
    await saga.startRun(runId, spec(seed));
    return commands.find((command) => command.runId === runId)!;
  }

  const history = async (runId: string) => (await store.readStream(runId)).events;
  const checkpointed = async (runId: string) =>
    (await history(runId)).filter((event) => event.type === 'StageCheckpointed').map((event) => event.data as { unit: string; instance: string });
  const waitFor = async (condition: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const computed = () => stages.reduce((total, stage) => total + stage.computedBy.length, 0);

  it('spreads the units over the replicas, records each once, and the coordinator combines their results', async () => {
    const command = await startRun('fan-out-1', 1);
    const before = computed();
    await runners[0].run(command);
    await waitFor(async () => (await history('fan-out-1')).some((event) => event.type === 'RunCompleted'), 'the run to complete');
    const completed = (await history('fan-out-1')).find((event) => event.type === 'StageCompleted')!.data as { output: StageOutput };
    expect(completed.output.metrics).toEqual({ rows: UNITS, sum: 650 });
    const units = await checkpointed('fan-out-1');
    expect(units.map((unit) => unit.unit).sort()).toEqual(Array.from({ length: UNITS }, (_, index) => `square-${index + 1}`).sort());
    expect(new Set(units.map((unit) => unit.instance)).size).toBeGreaterThan(1);
    expect(computed() - before).toBe(UNITS);
  });

  it('a coordinator that dies and is redelivered loses no finished unit and runs none twice to completion', async () => {
    const command = await startRun('fan-out-2', 2);
    const liveBefore = stages[1].computedBy.length + stages[2].computedBy.length;
    const first = runners[0].run(command);
    await waitFor(async () => (await checkpointed('fan-out-2')).length >= 4, 'four units to be recorded');
    // Replica 1 dies: its coordinator and the unit it was computing stop, it tells no one, and it takes no more units.
    dead.add(1);
    runners[0].cancelRun('fan-out-2', 'process died', { stage: 'collect', attempt: 1 });
    await expect(first).rejects.toThrow(/replica-1 is dead/);
    await unitWorkers[0].stop();
    const recordedAtDeath = (await checkpointed('fan-out-2')).length;
    expect(recordedAtDeath).toBeLessThan(UNITS);
    // JetStream redelivers the same stage command to another replica.
    await runners[1].run(command);
    await waitFor(async () => (await history('fan-out-2')).some((event) => event.type === 'RunCompleted'), 'the run to complete');
    const completed = (await history('fan-out-2')).find((event) => event.type === 'StageCompleted')!.data as { output: StageOutput; attempt: number };
    expect(completed).toMatchObject({ attempt: 1, output: { metrics: { rows: UNITS, sum: 650 } } });
    const units = (await checkpointed('fan-out-2')).map((unit) => unit.unit);
    expect(new Set(units).size).toBe(UNITS);
    expect(units).toHaveLength(UNITS);
    // What replica 1 computed but could not record before it died was redone elsewhere; every unit the live replicas
    // computed was computed once, and recorded.
    const recordedByDead = (await checkpointed('fan-out-2')).filter((unit) => unit.instance === 'replica-1').length;
    const liveComputed = stages[1].computedBy.length + stages[2].computedBy.length - liveBefore;
    expect(liveComputed + recordedByDead).toBe(UNITS);
  });
});
