import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { Streams } from '@ares/contracts';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { DeadLetterHeaders } from './dead-letter';
import { startDurableWorker } from './durable-consumer-worker';
import { InboundMessage } from './inbound-message';
import { connectNats } from './nats-connection';
import { provisionMessaging } from './provisioning';
import { capturingLogger } from './testing/capturing-logger';
import { publishJson } from './testing/publish-json';
import { sleep, waitFor } from './testing/wait-for';

describe('max-deliveries advisory', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url, 'advisory-spec');
    await provisionMessaging(nc);
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('dead-letters a message whose last delivery was never answered, and removes it from the work queue', async () => {
    const ackWaitMs = 800;
    const common = {
      nc,
      stream: Streams.stageCommands,
      durable: 'adv',
      filterSubject: 'ares.cmd.stage.adv.>',
      ackWaitMs,
      maxDeliver: 2,
      backoffMs: [100],
      fetchExpiresMs: 1000,
      logger: capturingLogger().logger,
    };
    // Replica A fails the first delivery, then hangs on the last one and goes away without answering.
    const seenByA: number[] = [];
    const a = await startDurableWorker({
      ...common,
      handler: (m) => {
        seenByA.push(m.deliveryCount);
        return m.deliveryCount === 1 ? Promise.reject(new Error('transient')) : new Promise<void>(() => undefined);
      },
    });
    const ack = await publishJson(nc, 'ares.cmd.stage.adv.train', { n: 1 });
    await waitFor(() => seenByA.length === 2);
    await a.stop({ drainTimeoutMs: 10 });

    // Replica B is alive when the server gives up on the message.
    const seenByB: InboundMessage[] = [];
    const deadLettered: { message: InboundMessage; reason: string }[] = [];
    const b = await startDurableWorker({
      ...common,
      handler: async (m) => void seenByB.push(m),
      onDeadLetter: async (message, reason) => void deadLettered.push({ message, reason }),
    });
    try {
      await waitFor(() => deadLettered.length === 1, ackWaitMs * 4, 'the advisory path to dead-letter');
      await sleep(200);
      expect(seenByA).toEqual([1, 2]);
      expect(seenByB).toEqual([]);
      expect(deadLettered).toHaveLength(1);
      expect(deadLettered[0].reason).toBe('exhausted 2 deliveries');
      expect(deadLettered[0].message).toMatchObject({ subject: 'ares.cmd.stage.adv.train', streamSequence: ack.seq, deliveryCount: 2 });
      expect(deadLettered[0].message.json()).toEqual({ n: 1 });

      const copy = await jsm.streams.getMessage(Streams.deadLetter, { last_by_subj: 'ares.dlq.ares.cmd.stage.adv.train' });
      expect(copy?.header.get(DeadLetterHeaders.reason)).toBe('exhausted 2 deliveries');
      expect(copy?.header.get(DeadLetterHeaders.originalSequence)).toBe(String(ack.seq));
      await waitFor(
        async () => (await jsm.streams.getMessage(Streams.stageCommands, { seq: ack.seq })) === null,
        2000,
        'removal from the work queue',
      );
    } finally {
      await b.stop();
    }
  });
});
