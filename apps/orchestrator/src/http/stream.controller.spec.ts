import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { ExecuteStageCommand, STAGE_NAMES } from '@ares/contracts';
import { JetStreamEventStore } from '@ares/event-store';
import { connectNats, provisionMessaging } from '@ares/messaging';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { RunService } from '../application/run-service';
import { KvRunProjections } from '../projections/kv-run-projections';
import { RunSaga } from '../saga/run-saga';
import { ApiExceptionFilter } from './api-exception.filter';
import { RUN_SERVICE } from './run-service.token';
import { RunsController } from './runs.controller';
import { StagesController } from './stages.controller';
import { StreamController } from './stream.controller';

interface SseEvent {
  type: string;
  id?: string;
  data: unknown;
}

/** Reads a text/event-stream response event by event (the wire format, as a browser's EventSource parses it). */
class SseReader {
  private buffer = '';
  private done = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(readonly response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next event, or undefined once the server has ended the stream. */
  async next(): Promise<SseEvent | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const event: SseEvent = { type: 'message', data: undefined };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'event') event.type = value;
          else if (field === 'id') event.id = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length === 0) continue; // a comment (keep-alive)
        event.data = JSON.parse(data.join('\n'));
        return event;
      }
      if (this.done) return undefined;
      const { value, done } = await this.reader.read();
      if (done) this.done = true;
      else this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** Reads until an event satisfies `until` (the stream must not end first). */
  async until(until: (event: SseEvent) => boolean): Promise<SseEvent> {
    for (;;) {
      const event = await this.next();
      if (!event) throw new Error('the stream ended before the expected event');
      if (until(event)) return event;
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}

interface StreamedRun {
  runId: string;
  status: string;
  version: number;
  stages: { name: string; status: string; progress: number | null; message: string | null }[];
}

const SPEC = { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-07-01' };

/**
 * The dashboard's endpoints on the real projections: a private nats-server (KV and the event store), the real saga
 * and RunService; no stage service runs, so the test plays the stage events itself.
 */
describe('dashboard endpoints: SSE from the run projections, POST /runs/validate, GET /stages', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;
  let app: INestApplication;
  let saga: RunSaga;
  let url: string;
  const dispatched: ExecuteStageCommand[] = [];
  const readers: SseReader[] = [];
  let closed = false;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url, 'stream-spec-orchestrator');
    await provisionMessaging(nc);
    const store = await JetStreamEventStore.create(nc);
    const projections = await KvRunProjections.open(nc, store);
    const logger = pino({ level: 'silent' });
    const dispatcher = { dispatch: async (command: ExecuteStageCommand) => void dispatched.push(command), cancelStages: async () => undefined };
    saga = new RunSaga({ store, dispatcher, projector: projections, logger });
    const module = await Test.createTestingModule({
      controllers: [RunsController, StreamController, StagesController],
      providers: [{ provide: RUN_SERVICE, useValue: new RunService(saga, store, projections) }],
    }).compile();
    app = module.createNestApplication({ logger: false });
    app.useGlobalFilters(new ApiExceptionFilter(logger));
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterEach(async () => {
    await Promise.all(readers.splice(0).map((reader) => reader.close()));
  });

  afterAll(async () => {
    saga?.stop();
    if (!closed) await app?.close();
    await nc?.close();
    await server?.stop();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function stream(path: string): Promise<SseReader> {
    const response = await fetch(`${url}${path}`, { headers: { accept: 'text/event-stream' } });
    const reader = new SseReader(response);
    readers.push(reader);
    return reader;
  }

  async function startRun(): Promise<string> {
    const response = await post('/runs', { spec: SPEC });
    expect(response.status).toBe(202);
    return ((await response.json()) as { runId: string }).runId;
  }

  it('lists the stage catalogue with each stage’s needs', async () => {
    const stages = (await (await fetch(`${url}/stages`)).json()) as { name: string; service: string; dependsOn: string[] }[];
    expect(stages.map((stage) => stage.name)).toEqual(STAGE_NAMES);
    expect(stages[0]).toMatchObject({ name: 'collect', service: 'data-service', dependsOn: [] });
    expect(stages.find((stage) => stage.name === 'preprocess')!.dependsOn).toEqual(['collect']);
  });

  it('validates a RunSpec as POST /runs does, with its defaults, recording nothing', async () => {
    const before = (await (await fetch(`${url}/runs`)).json()) as unknown[];
    const valid = await post('/runs/validate', { spec: SPEC });
    expect(valid.status).toBe(200);
    expect(await valid.json()).toEqual({
      valid: true,
      spec: expect.objectContaining({ ...SPEC, exchange: 'binance', source: 'file', seed: 42, model: 'ensemble', market: 'spot' }),
    });
    // A bare RunSpec too, as POST /runs takes it.
    expect((await post('/runs/validate', SPEC)).status).toBe(200);

    for (const invalid of [
      { ...SPEC, timeframe: '7x', from: '2023-05-01', to: '2023-02-01' },
      { ...SPEC, stages: { 'walk-forward': { enabled: false } } },
      { ...SPEC, seed: 'abc', stages: { nope: {} } },
    ]) {
      const checked = await post('/runs/validate', { spec: invalid });
      const started = await post('/runs', { spec: invalid });
      expect(checked.status).toBe(400);
      expect(started.status).toBe(400);
      const body = await checked.json();
      expect(body).toEqual(await started.json());
      expect((body as { message: string[] }).message.length).toBeGreaterThan(0);
    }
    const timeframe = (await (await post('/runs/validate', { spec: { ...SPEC, timeframe: '7x' } })).json()) as { message: string[] };
    expect(timeframe.message).toEqual([expect.stringMatching(/^spec\.timeframe: timeframe must be one of /)]);
    expect(await (await fetch(`${url}/runs`)).json()).toEqual(before);
  });

  it('answers 404 for an unknown run before streaming anything', async () => {
    const response = await fetch(`${url}/runs/no-such-run/stream`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ statusCode: 404, message: "no run 'no-such-run'" });
  });

  it("streams the run's detail on each change, the current one first, and ends after its terminal status", async () => {
    const runId = await startRun();
    const events = await stream(`/runs/${runId}/stream`);
    expect(events.response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const first = (await events.next())!;
    const current = first.data as StreamedRun;
    expect(current).toMatchObject({ runId, status: 'running' });
    expect(current.stages.find((stage) => stage.name === 'collect')!.status).toBe('dispatched');
    expect(first.id).toBe(String(current.version));

    const collect = dispatched.find((command) => command.runId === runId && command.stage === 'collect')!;
    const stageEvent = { schemaVersion: 1, runId, stage: 'collect' as const, attempt: collect.attempt, occurredAt: new Date().toISOString() };
    await saga.recordStageEvent({ ...stageEvent, eventId: `${collect.commandId}.started`, kind: 'started' });
    await saga.recordStageEvent({
      ...stageEvent,
      eventId: `${collect.commandId}.progress.1`,
      kind: 'progress',
      progress: 0.5,
      message: 'half the candles',
    });
    const progressed = await events.until((event) => (event.data as StreamedRun).stages[0].progress === 0.5);
    expect((progressed.data as StreamedRun).stages[0]).toMatchObject({ name: 'collect', status: 'running', message: 'half the candles' });
    expect(Number(progressed.id)).toBeGreaterThan(current.version);

    expect((await post(`/runs/${runId}/cancel`, { reason: 'enough' })).status).toBe(202);
    const last = await events.until((event) => (event.data as StreamedRun).status !== 'running');
    expect(last.data).toMatchObject({ runId, status: 'cancelled', error: 'enough' });
    expect(await events.next()).toBeUndefined();

    // A stream opened on an ended run sends its detail once and ends.
    const again = await stream(`/runs/${runId}/stream`);
    expect(((await again.next())!.data as StreamedRun).status).toBe('cancelled');
    expect(await again.next()).toBeUndefined();
  });

  it('streams the run list: every run first, then a run as it starts and changes status', async () => {
    const earlier = await startRun();
    const list = await stream('/runs-stream');
    const seen = await list.until((event) => event.type === 'run' && (event.data as { runId: string }).runId === earlier);
    expect(seen.data).toMatchObject({ runId: earlier, status: 'running', symbol: 'BTC/USDT', stagesDone: 0, stagesTotal: STAGE_NAMES.length });
    expect((seen.data as { activeStage: unknown }).activeStage).toEqual({ name: 'collect', progress: null });

    const later = await startRun();
    const started = await list.until((event) => (event.data as { runId: string }).runId === later);
    expect(started).toMatchObject({ type: 'run', data: { runId: later, status: 'running' } });
    await post(`/runs/${later}/cancel`, {});
    const cancelled = await list.until(
      (event) => (event.data as { runId: string }).runId === later && (event.data as { status: string }).status !== 'running',
    );
    expect(cancelled.data).toMatchObject({ runId: later, status: 'cancelled' });
  });

  // Last: it closes the app. A browser keeps its streams open; they must not hold a shutting-down orchestrator.
  it('ends every open stream when the app closes', async () => {
    const list = await stream('/runs-stream');
    const run = await stream(`/runs/${await startRun()}/stream`);
    expect(await run.next()).toBeDefined();
    await list.until((event) => event.type === 'run');
    closed = true;
    // Hangs (and times out) while a stream holds a connection open.
    await app.close();
    expect(await run.next()).toBeUndefined();
    await expect(list.until(() => false)).rejects.toThrow('the stream ended before the expected event');
  });
});
