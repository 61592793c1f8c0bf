import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { Streams } from '@ares/contracts';
import { connectNats, DurableWorker, InboundMessage, provisionMessaging, startDurableWorker } from '@ares/messaging';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { AresMetrics } from './ares-metrics';
import { consumerMetrics } from './consumer-metrics';
import { parseExposition, samplesOf } from './exposition';

/** Until `condition` holds; the deadline only bounds a broken test, it asserts nothing about time. */
async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('consumerMetrics on a real durable worker and nats-server', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;
  const workers: DurableWorker[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url, 'consumer-metrics-spec');
    await provisionMessaging(nc);
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop({ drainTimeoutMs: 100 })));
    await nc?.close();
    await server?.stop();
  });

  async function worker(
    metrics: AresMetrics,
    durable: string,
    handler: (message: InboundMessage) => Promise<void>,
    onDeadLetter?: () => Promise<void>,
  ) {
    workers.push(
      await startDurableWorker({
        nc,
        stream: Streams.stageCommands,
        durable,
        filterSubject: `ares.cmd.stage.${durable}.>`,
        ackWaitMs: 1000,
        maxDeliver: 3,
        backoffMs: [50],
        fetchExpiresMs: 1000,
        logger: pino({ level: 'silent' }),
        handler,
        onDeadLetter,
        observer: consumerMetrics(metrics, 'data-service'),
      }),
    );
  }

  const valueOf = async (metrics: AresMetrics, name: string, durable: string) =>
    samplesOf(parseExposition(await metrics.registry.metrics()), name, { service: 'data-service', consumer: durable })[0]?.value ?? 0;

  it('counts each redelivery of a message, not its first delivery', async () => {
    const metrics = new AresMetrics({ defaultMetrics: false });
    const deliveries: number[] = [];
    await worker(metrics, 'flaky', async (message) => {
      deliveries.push(message.deliveryCount);
      if (message.deliveryCount < 3) throw new Error('not yet');
    });
    await jetstream(nc).publish('ares.cmd.stage.flaky.collect', '{}');
    await eventually(async () => deliveries.length === 3, 'three deliveries');
    expect(deliveries).toEqual([1, 2, 3]);
    expect(await valueOf(metrics, 'ares_message_redeliveries_total', 'flaky')).toBe(2);
    expect(await valueOf(metrics, 'ares_dead_letters_total', 'flaky')).toBe(0);
  });

  it('counts a message that exhausted its deliveries as one dead letter, and still tells onDeadLetter', async () => {
    const metrics = new AresMetrics({ defaultMetrics: false });
    let told = 0;
    await worker(
      metrics,
      'doomed',
      async () => {
        throw new Error('always');
      },
      async () => void (told += 1),
    );
    await jetstream(nc).publish('ares.cmd.stage.doomed.collect', '{}');
    await eventually(async () => told === 1, 'the dead letter');
    expect(await valueOf(metrics, 'ares_dead_letters_total', 'doomed')).toBe(1);
    expect(await valueOf(metrics, 'ares_message_redeliveries_total', 'doomed')).toBe(2);
  });
});
