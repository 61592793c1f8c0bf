import 'reflect-metadata';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers, NatsConnection } from '@nats-io/transport-node';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { ExecuteStageCommand, Streams, Subjects } from '@ares/contracts';
import { EventStore, JetStreamEventStore } from '@ares/event-store';
import { connectNats, JetStreamServer, provisionMessaging } from '@ares/messaging';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { RunService } from '../application/run-service';
import type { KvRunProjections } from '../projections/kv-run-projections';
import { OrchestratorModule } from '../orchestrator.module';
import { RunSaga } from '../saga/run-saga';
import { natsStartRunId } from './nats-start-run-id';
import { InMemoryArtifactStore } from '@ares/artifacts';
import { ModelRegistry } from '@ares/model-registry';
import { RunReports } from '../application/run-reports';

const SPEC = { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-07-01' };
const DURABLE = 'orchestrator-spec-ares_cmd_run_all';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('RunMessagesController over JetStream (real nats-server)', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;
  let app: INestMicroservice;
  let store: JetStreamEventStore;
  let saga: RunSaga;
  const lines: LogLine[] = [];
  const dispatched: ExecuteStageCommand[] = [];
  /** History appends that land but report a failure, one per entry: the append's ack lost, as in a crash before it. */
  let lostAppendAcks = 0;

  const encode = (payload: unknown) => new TextEncoder().encode(JSON.stringify(payload));
  const publish = async (subject: string, payload: unknown, msgId?: string) => {
    const hdrs = headers();
    if (msgId) hdrs.set('Nats-Msg-Id', msgId);
    return jetstream(nc).publish(subject, encode(payload), { headers: msgId ? hdrs : undefined });
  };
  const settled = async (stream: string = Streams.runCommands, durable = DURABLE) => {
    const info = await (await jetstreamManager(nc)).consumers.info(stream, durable);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  };
  const startedRuns = async () => {
    const runIds = await store.listStreams();
    const started = await Promise.all(runIds.map(async (runId) => ((await store.readStream(runId)).events[0]?.type === 'RunStarted' ? runId : '')));
    return started.filter(Boolean);
  };
  const warnings = (msg: string) => lines.filter((line) => line.level === 40 && line.msg === msg);

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url, 'run-messages-spec');
    await provisionMessaging(nc);
    store = await JetStreamEventStore.create(nc);
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
    const losingAcks: EventStore = {
      readStream: (...args) => store.readStream(...args),
      readAll: (...args) => store.readAll(...args),
      listStreams: () => store.listStreams(),
      appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
        const result = await store.appendToStream(...args);
        if (lostAppendAcks > 0) {
          lostAppendAcks -= 1;
          throw new Error('timeout');
        }
        return result;
      },
    };
    saga = new RunSaga({
      store: losingAcks,
      logger,
      dispatcher: { dispatch: async (command) => void dispatched.push(command), cancelStages: async () => undefined },
      projector: { project: async () => undefined },
    });
    // Run commands never read projections; the read side is not under test here.
    const runService = new RunService(saga, store, {} as KvRunProjections);
    const healthProbe = { check: async () => ({ status: 'ok' as const, services: {} }) };
    app = await NestFactory.createMicroservice(
      OrchestratorModule.register({
        runService,
        saga,
        healthProbe,
        registry: ModelRegistry.inMemory(),
        reports: new RunReports(runService, new InMemoryArtifactStore()),
        logger,
      }),
      {
        strategy: new JetStreamServer({
          servers: nc,
          serviceName: 'orchestrator-spec',
          logger,
          defaults: { ackWaitMs: 2000, maxDeliver: 3, backoffMs: [50] },
        }),
        logger: false,
      },
    );
    await app.listen();
  });

  afterAll(async () => {
    saga?.stop();
    await app?.close();
    await nc?.close();
    await server?.stop();
  });

  it('a StartRun without runId that is redelivered after a crash starts one run, under an id derived from the message', async () => {
    const before = (await startedRuns()).length;
    lostAppendAcks = 1; // the first delivery appends RunStarted, then fails: JetStream redelivers it
    const ack = await publish(Subjects.startRun, { schemaVersion: 1, spec: SPEC });
    await waitFor(() => lostAppendAcks === 0 && settled(), 'the redelivery to be acknowledged');
    const runs = await startedRuns();
    expect(runs).toHaveLength(before + 1);
    expect(runs).toContain(natsStartRunId({ headers: {}, streamSequence: ack.seq, data: encode({ schemaVersion: 1, spec: SPEC }) }));
    expect(lines.some((line) => line.msg === 'handler failed; message will be redelivered')).toBe(true);
    const runId = runs.find((id) => id.startsWith(`run-s${ack.seq}-`))!;
    expect((await store.readStream(runId)).events.filter((event) => event.type === 'RunStarted')).toHaveLength(1);
  });

  it('a StartRun republished under the same Nats-Msg-Id after the duplicate window starts one run', async () => {
    // Shrink the window so the republished copy is stored and delivered again, as it would be minutes later.
    const jsm = await jetstreamManager(nc);
    const config = (await jsm.streams.info(Streams.runCommands)).config;
    await jsm.streams.update(Streams.runCommands, { ...config, duplicate_window: 100_000_000 });
    try {
      const before = (await startedRuns()).length;
      const first = await publish(Subjects.startRun, { schemaVersion: 1, spec: SPEC }, 'client-start-7');
      await waitFor(() => settled(), 'the first copy to be handled');
      await sleep(250);
      const second = await publish(Subjects.startRun, { schemaVersion: 1, spec: SPEC }, 'client-start-7');
      expect(second.duplicate).toBe(false);
      expect(second.seq).toBeGreaterThan(first.seq);
      await waitFor(() => settled(), 'the second copy to be handled');
      const runs = await startedRuns();
      expect(runs).toHaveLength(before + 1);
      expect(runs).toContain(natsStartRunId({ headers: { 'Nats-Msg-Id': 'client-start-7' }, streamSequence: 0, data: new Uint8Array() }));
    } finally {
      await jsm.streams.update(Streams.runCommands, config);
    }
  });

  it('a StartRun with its own runId keeps it', async () => {
    await publish(Subjects.startRun, { schemaVersion: 1, runId: 'client-chosen-1', spec: SPEC });
    await waitFor(() => settled(), 'the StartRun to be handled');
    expect(await startedRuns()).toContain('client-chosen-1');
  });

  it('logs a refused run command (unknown run) with its runId and reason, and acknowledges it', async () => {
    await publish(Subjects.cancelRun, { schemaVersion: 1, runId: 'no-such-run', reason: 'user' });
    await waitFor(() => warnings('run command refused; acknowledged').length > 0, 'the warning');
    expect(warnings('run command refused; acknowledged')[0]).toMatchObject({
      subject: Subjects.cancelRun,
      runId: 'no-such-run',
      code: 'not-found',
      reason: "no run 'no-such-run'",
    });
    await waitFor(() => settled(), 'the command to be acknowledged');
  });

  it('logs an invalid StartRun with the reason and without the spec, and dead-letters it', async () => {
    const spec = { ...SPEC, timeframe: '7m', apiKey: 'sk-very-secret' };
    await publish(Subjects.startRun, { schemaVersion: 1, runId: 'bad-run-1', spec });
    await waitFor(() => warnings('run command rejected as invalid; dead-lettered').length > 0, 'the warning');
    const [warning] = warnings('run command rejected as invalid; dead-lettered');
    expect(warning).toMatchObject({ subject: Subjects.startRun, runId: 'bad-run-1', reason: expect.stringMatching(/spec\.timeframe/) });
    await waitFor(() => settled(), 'the command to be terminated');
    expect(JSON.stringify(lines)).not.toContain('sk-very-secret');
    expect(await startedRuns()).not.toContain('bad-run-1');
  });

  it('logs a stage event for a run the store has never heard of, and acknowledges it', async () => {
    const event = {
      schemaVersion: 1,
      eventId: 'ghost-run.collect.1.failed',
      runId: 'ghost-run',
      stage: 'collect',
      attempt: 1,
      kind: 'failed',
      occurredAt: new Date().toISOString(),
      error: 'boom',
    };
    await publish(Subjects.stageEvent('ghost-run'), event);
    await waitFor(() => warnings('stage event for an unknown run; acknowledged and dropped').length > 0, 'the warning');
    expect(warnings('stage event for an unknown run; acknowledged and dropped')[0]).toMatchObject({
      subject: 'ares.evt.stage.ghost-run',
      runId: 'ghost-run',
      stage: 'collect',
      kind: 'failed',
      eventId: 'ghost-run.collect.1.failed',
      reason: "no run 'ghost-run'",
    });
    await waitFor(() => settled(Streams.stageEvents, 'orchestrator-spec-ares_evt_stage_all'), 'the event to be acknowledged');
    expect(lines.filter((line) => line.subject === 'ares.evt.stage.ghost-run').map((line) => line.msg)).toEqual([
      'stage event for an unknown run; acknowledged and dropped',
    ]);
  });
});

describe('natsStartRunId', () => {
  const data = new TextEncoder().encode('{"spec":{}}');
  it('is a valid run id, the same for the same message and different for another', () => {
    const id = natsStartRunId({ headers: {}, streamSequence: 42, data });
    expect(id).toMatch(/^run-s42-[0-9a-f]{12}$/);
    expect(natsStartRunId({ headers: {}, streamSequence: 42, data })).toBe(id);
    expect(natsStartRunId({ headers: {}, streamSequence: 43, data })).not.toBe(id);
    expect(natsStartRunId({ headers: {}, streamSequence: 42, data: new TextEncoder().encode('{}') })).not.toBe(id);
  });
  it('follows the Nats-Msg-Id when there is one, whatever the sequence', () => {
    const a = natsStartRunId({ headers: { 'Nats-Msg-Id': 'x' }, streamSequence: 1, data });
    expect(a).toMatch(/^run-m-[0-9a-f]{24}$/);
    expect(natsStartRunId({ headers: { 'Nats-Msg-Id': 'x' }, streamSequence: 9, data: new Uint8Array() })).toBe(a);
    expect(natsStartRunId({ headers: { 'Nats-Msg-Id': 'y' }, streamSequence: 1, data })).not.toBe(a);
  });
});
