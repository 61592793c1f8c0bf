import { jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import { NatsConnection } from '@nats-io/transport-node';
import { Buckets, Streams } from '@ares/contracts';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { connectNats } from './nats-connection';
import { messagingStreamFor, provisionMessaging } from './provisioning';

const DAY_NS = 24 * 3600 * 1e9;
const MINUTE_NS = 60 * 1e9;

describe('provisionMessaging', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url, 'provisioning-spec');
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('converges an outdated stream config instead of failing', async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: Streams.stageEvents, subjects: ['ares.evt.stage.>'], storage: StorageType.File, max_age: DAY_NS });
    await provisionMessaging(nc);
    expect((await jsm.streams.info(Streams.stageEvents)).config.max_age).toBe(7 * DAY_NS);
  });

  it('creates every stream, bucket and object store, and can run again', async () => {
    await provisionMessaging(nc);
    await provisionMessaging(nc);
    const jsm = await jetstreamManager(nc);
    const runCommands = (await jsm.streams.info(Streams.runCommands)).config;
    expect(runCommands).toMatchObject({
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      subjects: ['ares.cmd.run.>'],
      max_age: 7 * DAY_NS,
      duplicate_window: 2 * MINUTE_NS,
    });
    const stageCommands = (await jsm.streams.info(Streams.stageCommands)).config;
    expect(stageCommands).toMatchObject({
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      subjects: ['ares.cmd.stage.>'],
      duplicate_window: 10 * MINUTE_NS,
    });
    const stageEvents = (await jsm.streams.info(Streams.stageEvents)).config;
    expect(stageEvents).toMatchObject({
      retention: RetentionPolicy.Limits,
      subjects: ['ares.evt.stage.>'],
      max_age: 7 * DAY_NS,
      duplicate_window: 10 * MINUTE_NS,
    });
    const deadLetter = (await jsm.streams.info(Streams.deadLetter)).config;
    expect(deadLetter).toMatchObject({ retention: RetentionPolicy.Limits, storage: StorageType.File, subjects: ['ares.dlq.>'] });
    for (const bucket of [Buckets.runs, Buckets.stageCache]) {
      const status = await (await new Kvm(nc).open(bucket)).status();
      expect(status.history).toBe(1);
      expect((await jsm.streams.info(`KV_${bucket}`)).config.storage).toBe(StorageType.File);
    }
    await expect((await new Objm(nc).open(Buckets.artifacts)).status()).resolves.toBeDefined();
    expect((await jsm.streams.info(`OBJ_${Buckets.artifacts}`)).config.storage).toBe(StorageType.File);
  });

  it('tolerates five processes provisioning at once', async () => {
    const connections = await Promise.all(Array.from({ length: 5 }, (_, i) => connectNats(server.url, `provisioner-${i}`)));
    try {
      const fresh = await startNatsServer();
      const onFresh = await Promise.all(Array.from({ length: 5 }, (_, i) => connectNats(fresh.url, `fresh-${i}`)));
      try {
        await Promise.all(onFresh.map((c) => provisionMessaging(c))); // all racing to create
        await Promise.all(connections.map((c) => provisionMessaging(c))); // all finding them in place
        const jsm = await jetstreamManager(onFresh[0]);
        const names: string[] = [];
        for await (const name of jsm.streams.names()) names.push(name);
        expect(names.sort()).toEqual(
          [
            Streams.deadLetter,
            Streams.runCommands,
            Streams.stageCommands,
            Streams.stageEvents,
            Streams.units,
            `KV_${Buckets.runs}`,
            `KV_${Buckets.stageCache}`,
            `OBJ_${Buckets.artifacts}`,
          ].sort(),
        );
      } finally {
        await Promise.all(onFresh.map((c) => c.close()));
        await fresh.stop();
      }
    } finally {
      await Promise.all(connections.map((c) => c.close()));
    }
  });

  it('refuses to silently change a stream retention it cannot change', async () => {
    const other = await startNatsServer();
    const c = await connectNats(other.url, 'retention');
    try {
      await (
        await jetstreamManager(c)
      ).streams.add({ name: Streams.stageCommands, subjects: ['ares.cmd.stage.>'], retention: RetentionPolicy.Limits });
      await expect(provisionMessaging(c)).rejects.toThrow(/ARES_STAGE_COMMANDS exists with retention=limits.*wanted retention=workqueue/);
    } finally {
      await c.close();
      await other.stop();
    }
  });

  it('finds the stream for a subject pattern', () => {
    expect(messagingStreamFor('ares.cmd.stage.data-service.>').name).toBe(Streams.stageCommands);
    expect(messagingStreamFor('ares.evt.stage.*').name).toBe(Streams.stageEvents);
    expect(messagingStreamFor('ares.cmd.run.start').name).toBe(Streams.runCommands);
    expect(messagingStreamFor('ares.dlq.>').name).toBe(Streams.deadLetter);
    expect(() => messagingStreamFor('ares.cmd.>')).toThrow(/no messaging stream holds subject pattern "ares.cmd.>"/);
  });
});
