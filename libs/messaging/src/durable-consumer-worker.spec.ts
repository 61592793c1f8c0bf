import { jetstream, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { CancelRunCommand, decodeContract, Streams } from '@ares/contracts';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { DeadLetterHeaders } from './dead-letter';
import { DurableWorker, DurableWorkerOptions, startDurableWorker } from './durable-consumer-worker';
import { InboundMessage } from './inbound-message';
import { connectNats } from './nats-connection';
import { PermanentMessageError } from './permanent-message-error';
import { provisionMessaging } from './provisioning';
import { capturingLogger } from './testing/capturing-logger';
import { publishJson } from './testing/publish-json';
import { sleep, waitFor } from './testing/wait-for';

const ACK_WAIT = 1000;

describe('startDurableWorker', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const workers: DurableWorker[] = [];
  const extraConnections: NatsConnection[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url, 'worker-spec');
    await provisionMessaging(nc);
    jsm = await jetstreamManager(nc);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop({ drainTimeoutMs: 100 })));
  });

  afterAll(async () => {
    for (const c of extraConnections) if (!c.isClosed()) await c.close();
    await nc?.close();
    await server?.stop();
  });

  async function start(overrides: Partial<DurableWorkerOptions> & Pick<DurableWorkerOptions, 'durable' | 'filterSubject' | 'handler'>) {
    const worker = await startDurableWorker({
      nc,
      stream: Streams.stageCommands,
      ackWaitMs: ACK_WAIT,
      maxDeliver: 3,
      backoffMs: [200, 400],
      logger: capturingLogger().logger,
      fetchExpiresMs: 1000,
      ...overrides,
    });
    workers.push(worker);
    return worker;
  }

  async function deadLetterCopy(subject: string) {
    return jsm.streams.getMessage(Streams.deadLetter, { last_by_subj: `ares.dlq.${subject}` });
  }

  it('acks a handled message: it is not redelivered and leaves the work queue', async () => {
    const seen: InboundMessage[] = [];
    await start({ durable: 'ack', filterSubject: 'ares.cmd.stage.ack.>', handler: async (m) => void seen.push(m) });
    const ack = await publishJson(nc, 'ares.cmd.stage.ack.collect', { hello: 'world' }, { headers: { 'Ares-Trace': 't1' } });

    await waitFor(() => seen.length === 1);
    await sleep(ACK_WAIT * 1.5);
    expect(seen).toHaveLength(1);
    expect(seen[0].json()).toEqual({ hello: 'world' });
    expect(seen[0]).toMatchObject({ subject: 'ares.cmd.stage.ack.collect', deliveryCount: 1, streamSequence: ack.seq });
    expect(seen[0].headers['Ares-Trace']).toBe('t1');
    const info = await jsm.consumers.info(Streams.stageCommands, 'ack');
    expect(info.num_ack_pending).toBe(0);
    expect(await jsm.streams.getMessage(Streams.stageCommands, { seq: ack.seq })).toBeNull();
  });

  it('naks a failed message and redelivers it after the backoff for that delivery', async () => {
    const deliveries: { count: number; at: number }[] = [];
    await start({
      durable: 'nak',
      filterSubject: 'ares.cmd.stage.nak.>',
      handler: async (m) => {
        deliveries.push({ count: m.deliveryCount, at: Date.now() });
        if (m.deliveryCount < 3) throw new Error('flaky');
      },
    });
    await publishJson(nc, 'ares.cmd.stage.nak.train', { n: 1 });

    await waitFor(() => deliveries.length === 3);
    expect(deliveries.map((d) => d.count)).toEqual([1, 2, 3]);
    const firstGap = deliveries[1].at - deliveries[0].at;
    const secondGap = deliveries[2].at - deliveries[1].at;
    expect(firstGap).toBeGreaterThanOrEqual(180);
    expect(firstGap).toBeLessThan(ACK_WAIT); // the nak delay, not the ack wait
    expect(secondGap).toBeGreaterThanOrEqual(380);
    expect(secondGap).toBeLessThan(ACK_WAIT);
  });

  it('redelivers an unacknowledged message to another worker on the same durable after the ack wait', async () => {
    const first: InboundMessage[] = [];
    const crashed = await start({
      durable: 'crash',
      filterSubject: 'ares.cmd.stage.crash.>',
      handler: (m) => {
        first.push(m);
        return new Promise<void>(() => undefined);
      },
    });
    await publishJson(nc, 'ares.cmd.stage.crash.hpo', { n: 1 });
    await waitFor(() => first.length === 1);
    const crashedAt = Date.now();
    await crashed.stop({ drainTimeoutMs: 10 }); // the handler never settles: abandoned, never acked

    const second: InboundMessage[] = [];
    await start({ durable: 'crash', filterSubject: 'ares.cmd.stage.crash.>', handler: async (m) => void second.push(m) });
    await waitFor(() => second.length === 1, ACK_WAIT * 3);
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(ACK_WAIT - 100);
    expect(second[0].deliveryCount).toBe(2);
    expect(first).toHaveLength(1);
  });

  it('dead-letters a message after its last delivery fails, once, and never redelivers it', async () => {
    const calls: number[] = [];
    const deadLettered: { message: InboundMessage; reason: string }[] = [];
    await start({
      durable: 'dlq',
      filterSubject: 'ares.cmd.stage.dlq.>',
      backoffMs: [100],
      handler: async (m) => {
        calls.push(m.deliveryCount);
        throw new Error('still broken');
      },
      onDeadLetter: async (message, reason) => void deadLettered.push({ message, reason }),
    });
    const ack = await publishJson(nc, 'ares.cmd.stage.dlq.report', { n: 1 }, { msgId: 'cmd-dlq-1' });

    await waitFor(() => deadLettered.length === 1);
    await sleep(ACK_WAIT * 1.5);
    expect(calls).toEqual([1, 2, 3]);
    expect(deadLettered).toHaveLength(1);
    expect(deadLettered[0].reason).toBe('exhausted 3 deliveries: still broken');
    const copy = await deadLetterCopy('ares.cmd.stage.dlq.report');
    expect(copy?.json()).toEqual({ n: 1 });
    expect(copy?.header.get(DeadLetterHeaders.reason)).toBe('exhausted 3 deliveries: still broken');
    expect(copy?.header.get(DeadLetterHeaders.originalStream)).toBe(Streams.stageCommands);
    expect(copy?.header.get(DeadLetterHeaders.originalSequence)).toBe(String(ack.seq));
    expect(copy?.header.get(DeadLetterHeaders.deliveries)).toBe('3');
    expect(copy?.header.get(DeadLetterHeaders.originalMsgId)).toBe('cmd-dlq-1');
    expect(copy?.header.get('Nats-Msg-Id')).not.toBe('cmd-dlq-1');
  });

  it('terminates an invalid payload with a logged reason: handled once, dead-lettered, never redelivered', async () => {
    const { logger, lines } = capturingLogger();
    const calls: string[] = [];
    const reasons: string[] = [];
    await start({
      durable: 'term',
      filterSubject: 'ares.cmd.stage.term.>',
      logger,
      handler: async (m) => {
        calls.push(m.subject);
        if (m.subject.endsWith('contract')) decodeContract(CancelRunCommand, m.data);
        throw new PermanentMessageError('run unknown-run does not exist');
      },
      onDeadLetter: async (_m, reason) => void reasons.push(reason),
    });
    await publishJson(nc, 'ares.cmd.stage.term.contract', { runId: 'not a run id!' });
    await publishJson(nc, 'ares.cmd.stage.term.permanent', { runId: 'unknown-run' });

    await waitFor(() => reasons.length === 2);
    await sleep(ACK_WAIT * 1.5);
    expect(calls.sort()).toEqual(['ares.cmd.stage.term.contract', 'ares.cmd.stage.term.permanent']);
    expect(reasons.find((r) => r.includes('CancelRunCommand'))).toMatch(/^rejected: invalid CancelRunCommand: .*runId/);
    expect(reasons).toContain('rejected: run unknown-run does not exist');
    const logged = lines.filter((l) => l.msg === 'message rejected permanently; terminating it');
    expect(logged.map((l) => l.reason)).toEqual(
      expect.arrayContaining([expect.stringContaining('invalid CancelRunCommand'), 'run unknown-run does not exist']),
    );
    const copy = await deadLetterCopy('ares.cmd.stage.term.contract');
    expect(copy?.header.get(DeadLetterHeaders.reason)).toMatch(/^rejected: invalid CancelRunCommand/);
    expect((await jsm.consumers.info(Streams.stageCommands, 'term')).num_ack_pending).toBe(0);
  });

  it('terminates bytes that are not JSON when the handler parses them', async () => {
    const reasons: string[] = [];
    await start({
      durable: 'notjson',
      filterSubject: 'ares.cmd.stage.notjson.>',
      handler: async (m) => void m.json(),
      onDeadLetter: async (_m, reason) => void reasons.push(reason),
    });
    await jetstream(nc).publish('ares.cmd.stage.notjson.x', 'not json {');
    await waitFor(() => reasons.length === 1);
    expect(reasons[0]).toMatch(/^rejected: invalid message: body: not valid JSON/);
  });

  it('keeps a handler that outlives the ack wait from being redelivered (in-progress acks)', async () => {
    const seen: number[] = [];
    const handler = async (m: InboundMessage) => {
      seen.push(m.deliveryCount);
      await sleep(ACK_WAIT * 2.5);
    };
    await start({ durable: 'long', filterSubject: 'ares.cmd.stage.long.>', handler });
    await start({ durable: 'long', filterSubject: 'ares.cmd.stage.long.>', handler }); // would receive a redelivery
    await publishJson(nc, 'ares.cmd.stage.long.hpo', { n: 1 });

    await waitFor(() => seen.length === 1);
    await sleep(ACK_WAIT * 3.5);
    expect(seen).toEqual([1]);
    expect((await jsm.consumers.info(Streams.stageCommands, 'long')).num_ack_pending).toBe(0);
  });

  it('splits 100 messages between two workers on one durable, each handled exactly once', async () => {
    const handledBy = new Map<number, string[]>();
    const handler = (name: string) => async (m: InboundMessage) => {
      handledBy.set(m.streamSequence, [...(handledBy.get(m.streamSequence) ?? []), name]);
      await sleep(2);
    };
    const otherNc = await connectNats(server.url, 'worker-spec-2');
    extraConnections.push(otherNc);
    await start({ durable: 'split', filterSubject: 'ares.cmd.stage.split.>', handler: handler('a'), concurrency: 4 });
    await start({ nc: otherNc, durable: 'split', filterSubject: 'ares.cmd.stage.split.>', handler: handler('b'), concurrency: 4 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => publishJson(nc, 'ares.cmd.stage.split.job', { i })));

    await waitFor(() => handledBy.size === 100, 10_000);
    await sleep(ACK_WAIT * 1.2);
    const counts = { a: 0, b: 0 };
    for (const names of handledBy.values()) {
      expect(names).toHaveLength(1);
      counts[names[0] as 'a' | 'b']++;
    }
    expect(counts.a + counts.b).toBe(100);
    expect(counts.a).toBeGreaterThan(0);
    expect(counts.b).toBeGreaterThan(0);
  });

  it('never runs more handlers at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    let done = 0;
    await start({
      durable: 'bounded',
      filterSubject: 'ares.cmd.stage.bounded.>',
      concurrency: 3,
      handler: async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(30);
        running--;
        done++;
      },
    });
    await Promise.all(Array.from({ length: 12 }, (_, i) => publishJson(nc, 'ares.cmd.stage.bounded.job', { i })));
    await waitFor(() => done === 12);
    expect(peak).toBe(3);
  });

  it('puts its durable back when someone deletes it', async () => {
    const seen: number[] = [];
    const { logger, lines } = capturingLogger();
    await start({ durable: 'phoenix', logger, filterSubject: 'ares.cmd.stage.phoenix.>', handler: async (m) => void seen.push(m.streamSequence) });
    await jsm.consumers.delete(Streams.stageCommands, 'phoenix');
    await publishJson(nc, 'ares.cmd.stage.phoenix.job', {});
    await waitFor(() => seen.length === 1, 5000, 'the recreated durable to deliver');
    expect(lines.some((l) => l.msg === 'durable consumer is gone; recreating it')).toBe(true);
  });

  it('stops promptly while idle and waits for a running handler before returning', async () => {
    let finished = false;
    const worker = await start({
      durable: 'drain',
      filterSubject: 'ares.cmd.stage.drain.>',
      handler: async () => {
        await sleep(300);
        finished = true;
      },
    });
    await publishJson(nc, 'ares.cmd.stage.drain.job', {});
    await waitFor(() => jsm.consumers.info(Streams.stageCommands, 'drain').then((i) => i.num_ack_pending === 1));
    await worker.stop();
    expect(finished).toBe(true);
    expect((await jsm.consumers.info(Streams.stageCommands, 'drain')).num_ack_pending).toBe(0);

    const idle = await start({ durable: 'idle', filterSubject: 'ares.cmd.stage.idle.>', handler: async () => undefined, fetchExpiresMs: 30_000 });
    await sleep(50);
    const before = Date.now();
    await idle.stop();
    expect(Date.now() - before).toBeLessThan(500);
  });
});
