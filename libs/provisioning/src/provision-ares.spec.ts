import { jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { Buckets, Streams } from '@ares/contracts';
import { durableConsumerConfig, openOrCreateKv, provisionMessaging, startDurableWorker } from '@ares/messaging';
import { createLogger } from '@ares/logging';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { provisionAres } from './provision-ares';
import { durableConsumers, retryPolicyOf } from './provisioned-resources';

describe('provisionAres and external provisioning', () => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  const saved = process.env.ARES_PROVISIONING;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.ARES_PROVISIONING;
    else process.env.ARES_PROVISIONING = saved;
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('under ARES_PROVISIONING=external, a service fails at start naming what is missing and creates nothing', async () => {
    process.env.ARES_PROVISIONING = 'external';
    await expect(provisionMessaging(nc)).rejects.toThrow(
      `stream ${Streams.runCommands} does not exist: run the provisioning job (npm run provision)`,
    );
    await expect(openOrCreateKv(nc, Buckets.models, { history: 16 })).rejects.toThrow(`KV bucket ${Buckets.models} does not exist`);
    const jsm = await jetstreamManager(nc);
    expect(await jsm.streams.names().next()).toEqual([]);
  });

  it('creates every stream, bucket, object store and durable, idempotently, with the config the workers would create', async () => {
    const env = { ARES_ACK_WAIT_MS: '7000', ARES_MAX_DELIVER: '3' };
    const first = await provisionAres(nc, { env });
    const second = await provisionAres(nc, { env });
    expect(second).toEqual(first);
    expect(first.streams).toEqual(
      [Streams.deadLetter, Streams.history, Streams.runCommands, Streams.stageCommands, Streams.stageEvents, Streams.units].sort(),
    );
    expect(first.kvBuckets.sort()).toEqual(['ares-market-manifest', Buckets.models, Buckets.runs, Buckets.stageCache].sort());
    expect(first.objectStores.sort()).toEqual(['ares-market-data', Buckets.artifacts, Buckets.modelBytes].sort());
    const jsm = await jetstreamManager(nc);
    for (const consumer of durableConsumers()) {
      const info = await jsm.consumers.info(consumer.stream, consumer.durable);
      const wanted = durableConsumerConfig(consumer.durable, consumer.filterSubject, retryPolicyOf(consumer, env));
      expect({ ...info.config, ...wanted }).toEqual(info.config);
    }
    const data = await jsm.consumers.info(Streams.stageCommands, 'data-service-ares_cmd_stage_data-service_all');
    expect([data.config.ack_wait, data.config.max_deliver]).toEqual([7000 * 1_000_000, 3]);
  });

  it('then a worker under external provisioning attaches to its provisioned durable without changing it', async () => {
    process.env.ARES_PROVISIONING = 'external';
    const consumer = durableConsumers().find((c) => c.durable === 'trainer-service-units')!;
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.consumers.info(consumer.stream, consumer.durable)).config;
    const worker = await startDurableWorker({
      nc,
      stream: consumer.stream,
      durable: consumer.durable,
      filterSubject: consumer.filterSubject,
      ackWaitMs: 1234, // differs: a self-provisioning worker would update the durable to it
      logger: createLogger('provision-spec'),
      handler: async () => undefined,
      fetchExpiresMs: 1000,
    });
    await worker.stop();
    expect((await jsm.consumers.info(consumer.stream, consumer.durable)).config).toEqual(before);
  });
});
