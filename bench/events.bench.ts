import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { ExecuteStageCommand, parseContract, RunSpec, StageEventMessage, Streams, Subjects } from '@ares/contracts';
import { JetStreamEventStore } from '@ares/event-store';
import { connectNats, provisionMessaging, startDurableWorker } from '@ares/messaging';
import { startNatsServer } from '@ares/nats-server';
import { StageEventPublisher } from '@ares/service-host';
import { JetStreamStageDispatcher, KvRunProjections, RunSaga } from '@ares/orchestrator';
import { percentile, pipelined, round } from './bench-stats';

/**
 * `npm run bench:events`: event-store appends/s against raw JetStream async publish on the same server in
 * the same run (same payloads, same storage, same concurrency), and the saga's stage-transition latency.
 */
const STREAMS = 500;
const APPENDS_PER_STREAM = 40;
const IN_FLIGHT = 256;
const ROUNDS = 3;
const TRANSITIONS = 200;
/** History length of the long-run case. */
const LONG_RUN_EVENTS = 5000;

const payload = (stream: number, i: number) =>
  JSON.stringify({ schemaVersion: 1, at: new Date().toISOString(), stage: 'collect', attempt: i, stream, note: 'x'.repeat(120) });

async function rawPublishRate(nc: NatsConnection, roundNo: number): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const name = `BENCH_RAW_${roundNo}`;
  await jsm.streams.add({ name, subjects: [`bench.raw${roundNo}.*`], storage: 'file' as never, duplicate_window: 120 * 1e9 });
  const js = jetstream(nc);
  const total = STREAMS * APPENDS_PER_STREAM;
  const seconds = await pipelined(total, IN_FLIGHT, (i) =>
    js.publish(`bench.raw${roundNo}.s${i % STREAMS}`, payload(i % STREAMS, i), { msgID: `raw-${roundNo}-${i}` }),
  );
  await jsm.streams.delete(name);
  return total / seconds;
}

async function appendRate(nc: NatsConnection, roundNo: number): Promise<number> {
  const store = await JetStreamEventStore.create(nc, { streamName: `BENCH_HISTORY_${roundNo}`, subjectPrefix: `bench.history${roundNo}` });
  const versions = new Array<number>(STREAMS).fill(0);
  const total = STREAMS * APPENDS_PER_STREAM;
  // Round-robin over streams, so a stream's next append waits for its previous one (optimistic concurrency).
  const seconds = await pipelined(total, IN_FLIGHT, async (i) => {
    const stream = i % STREAMS;
    const result = await store.appendToStream(
      `s${stream}`,
      [{ id: `e-${roundNo}-${i}`, type: 'StageProgressed', data: JSON.parse(payload(stream, i)) }],
      { expectedVersion: versions[stream] },
    );
    versions[stream] = result.nextExpectedVersion;
  });
  await (await jetstreamManager(nc)).streams.delete(`BENCH_HISTORY_${roundNo}`);
  return total / seconds;
}

/** StartRun → collect command → `completed` published by the "service" (t0) → preprocess command received (t1). */
async function transitionLatencies(nc: NatsConnection): Promise<number[]> {
  await provisionMessaging(nc);
  const logger = pino({ level: 'warn' });
  const store = await JetStreamEventStore.create(nc);
  const saga = new RunSaga({ store, dispatcher: new JetStreamStageDispatcher(nc), projector: await KvRunProjections.open(nc, store), logger });
  const orchestrator = await startDurableWorker({
    nc,
    stream: Streams.stageEvents,
    durable: 'bench-orchestrator',
    filterSubject: Subjects.stageEventsAll,
    logger,
    concurrency: 16,
    handler: async (message) => {
      await saga.recordStageEvent(parseContract(StageEventMessage, message.json()));
    },
  });
  const events = new StageEventPublisher(nc);
  const waiting = new Map<string, (command: ExecuteStageCommand) => void>();
  const service = await startDurableWorker({
    nc,
    stream: Streams.stageCommands,
    durable: 'bench-data-service',
    filterSubject: Subjects.stageCommandsFor('data-service'),
    logger,
    concurrency: 16,
    handler: async (message) => {
      const command = message.json<ExecuteStageCommand>();
      waiting.get(`${command.runId}/${command.stage}`)?.(command);
    },
  });
  const nextCommand = (runId: string, stage: string) => new Promise<ExecuteStageCommand>((resolve) => waiting.set(`${runId}/${stage}`, resolve));
  const spec = parseContract(RunSpec, { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2024-01-01' });
  const latencies: number[] = [];
  for (let i = 0; i < TRANSITIONS + 20; i++) {
    const runId = `bench-${i}`;
    const collect = nextCommand(runId, 'collect');
    await saga.startRun(runId, spec);
    const command = await collect;
    const preprocess = nextCommand(runId, 'preprocess');
    const t0 = process.hrtime.bigint();
    await events.publish({
      schemaVersion: 1,
      eventId: `${command.commandId}.completed`,
      runId,
      stage: 'collect',
      attempt: 1,
      kind: 'completed',
      occurredAt: new Date().toISOString(),
      output: {
        artifacts: [{ name: 'dataset', key: `sha256-${'a'.repeat(64)}`, sha256: 'a'.repeat(64), size: 1, mediaType: 'x' }],
        metrics: { rows: 1 },
      },
    });
    await preprocess;
    if (i >= 20) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6); // the first 20 warm up
  }
  await orchestrator.stop();
  await service.stop();
  saga.stop();
  return latencies;
}

/**
 * A long run: one run whose history grows to 5,000 events (a stage checkpointing unit after unit, as an HPO study
 * will), each recorded through the saga (decide, append, project to KV). Per-event cost near event 5,000 against
 * near event 50: it stays flat only if neither the fold nor the projection grows with the history.
 */
async function longRunCosts(nc: NatsConnection): Promise<{ nearStartMs: number; nearEndMs: number; events: number }> {
  const logger = pino({ level: 'warn' });
  const store = await JetStreamEventStore.create(nc);
  const dispatcher = { dispatch: async () => undefined, cancelStages: async () => undefined };
  const saga = new RunSaga({ store, dispatcher, projector: await KvRunProjections.open(nc, store), logger });
  const spec = parseContract(RunSpec, { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2024-01-01' });
  const runId = 'bench-long-run';
  await saga.startRun(runId, spec);
  const message = (kind: 'started' | 'checkpoint', unit?: string): StageEventMessage => ({
    schemaVersion: 1,
    eventId: unit ? `${runId}.collect.unit.${unit}` : `${runId}.collect.1.started`,
    runId,
    stage: 'collect',
    attempt: 1,
    kind,
    occurredAt: new Date().toISOString(),
    ...(unit ? { unit, scope: 'bench', result: { value: 0.5, params: { depth: 6, rate: 0.05 } } } : {}),
  });
  await saga.recordStageEvent(message('started'));
  const costs: number[] = [];
  let version = (await saga.history.load(runId)).version;
  for (let trial = 0; version < LONG_RUN_EVENTS; trial++) {
    const t0 = process.hrtime.bigint();
    const run = await saga.recordStageEvent(message('checkpoint', `trial-${trial}`));
    costs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    version = run.version;
  }
  saga.stop();
  const window = (end: number) => percentile(costs.slice(Math.max(0, end - 40), end), 50);
  return { nearStartMs: window(50), nearEndMs: window(costs.length), events: version };
}

async function main(): Promise<void> {
  const server = await startNatsServer();
  const nc = await connectNats(server.url, 'bench-events');
  try {
    const raw: number[] = [];
    const appends: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      raw.push(await rawPublishRate(nc, r));
      appends.push(await appendRate(nc, r));
      process.stdout.write(`round ${r + 1}: raw js.publish ${Math.round(raw[r])}/s, event-store appends ${Math.round(appends[r])}/s\n`);
    }
    const median = (values: number[]) => percentile(values, 50);
    const latencies = await transitionLatencies(nc);
    const longRun = await longRunCosts(nc);
    const result = {
      appendsPerSec: Math.round(median(appends)),
      rawPublishPerSec: Math.round(median(raw)),
      appendRatio: round(median(appends) / median(raw), 3),
      transitionP50Ms: round(percentile(latencies, 50), 2),
      transitionP99Ms: round(percentile(latencies, 99), 2),
      transitions: latencies.length,
      longRunEvents: longRun.events,
      perEventMsNearEvent50: round(longRun.nearStartMs, 3),
      perEventMsNearEvent5000: round(longRun.nearEndMs, 3),
      longRunCostRatio: round(longRun.nearEndMs / longRun.nearStartMs, 2),
      setup: {
        streams: STREAMS,
        appendsPerStream: APPENDS_PER_STREAM,
        inFlight: IN_FLIGHT,
        rounds: ROUNDS,
        storage: 'file',
        natsServer: nc.info?.version,
      },
    };
    process.stdout.write(
      `event store: ${result.appendsPerSec} appends/s vs raw ${result.rawPublishPerSec} publishes/s → ratio ${result.appendRatio} (target ≥ 0.5)\n`,
    );
    process.stdout.write(
      `saga stage transition: p50 ${result.transitionP50Ms} ms, p99 ${result.transitionP99Ms} ms over ${result.transitions} transitions (target p50 ≤ 10 ms)\n`,
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await nc.drain();
    await server.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:events failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
