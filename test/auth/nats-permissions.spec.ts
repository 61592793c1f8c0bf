import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { Buckets, ServiceName, ServiceNames, Streams, Subjects } from '@ares/contracts';
import { handlerDurable, inboxPrefixFor, unitsDurable } from '@ares/messaging';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { natsAuthConfig, NatsAuthConfigOptions, provisionAres, randomNatsPasswords } from '@ares/provisioning';

/** A real nats-server with the generated users and permissions, provisioned by admin; clients log in as services. */
describe('NATS users and permissions', () => {
  let dir: string;
  let nats: NatsServerProcess;
  let passwords: NatsAuthConfigOptions;
  let admin: NatsConnection;
  const open: NatsConnection[] = [];

  const login = async (service: ServiceName) => {
    const nc = await connect({
      servers: nats.url,
      user: service,
      pass: passwords.users[service],
      name: service,
      inboxPrefix: inboxPrefixFor(service),
    });
    open.push(nc);
    return nc;
  };
  /** A core publish the server refuses arrives as an async permissions error on the connection. */
  const publishRefused = async (nc: NatsConnection, subject: string) => {
    const errors: string[] = [];
    const watching = (async () => {
      for await (const status of nc.status()) if (status.type === 'error') errors.push(String(status.error?.message));
    })();
    nc.publish(subject, 'x');
    await nc.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    void watching;
    return errors.some((message) => message.includes('Permissions Violation') && message.includes(subject));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ares-auth-'));
    passwords = randomNatsPasswords();
    writeFileSync(join(dir, 'nats.conf'), natsAuthConfig(passwords));
    nats = await startNatsServer({ configFile: join(dir, 'nats.conf') });
    admin = await connect({ servers: nats.url, user: 'admin', pass: passwords.admin });
    await provisionAres(admin);
  });
  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close().catch(() => undefined)));
    await admin?.close();
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a wrong password, and no password at all', async () => {
    await expect(connect({ servers: nats.url, user: ServiceNames.data, pass: `${passwords.users[ServiceNames.data]}x` })).rejects.toThrow(
      /Authorization Violation/,
    );
    await expect(connect({ servers: nats.url })).rejects.toThrow(/Authorization Violation/);
    // Another service's password is not this user's either.
    await expect(connect({ servers: nats.url, user: ServiceNames.data, pass: passwords.users[ServiceNames.trainer] })).rejects.toThrow(
      /Authorization Violation/,
    );
  });

  it('lets a worker publish stage events and pull its own commands', async () => {
    const nc = await login(ServiceNames.data);
    const js = jetstream(nc);
    await expect(js.publish(Subjects.stageEvent('run-1'), '{}')).resolves.toMatchObject({ stream: Streams.stageEvents });
    const own = await js.consumers.get(Streams.stageCommands, handlerDurable(ServiceNames.data, Subjects.stageCommandsFor(ServiceNames.data)));
    const batch = await own.fetch({ max_messages: 1, expires: 1000 });
    for await (const _ of batch) break;
  });

  it("does not let a worker send another service's stage commands", async () => {
    const nc = await login(ServiceNames.data);
    expect(await publishRefused(nc, Subjects.stageCommand(ServiceNames.trainer, 'train'))).toBe(true);
    await expect(jetstream(nc, { timeout: 2000 }).publish(Subjects.stageCommand(ServiceNames.trainer, 'train'), '{}')).rejects.toThrow();
    // Nor hand out units of another service's stages.
    expect(await publishRefused(nc, Subjects.unit(ServiceNames.optimizer, 'hpo'))).toBe(true);
  });

  it("does not let a worker read another service's consumer", async () => {
    const nc = await login(ServiceNames.data);
    const js = jetstream(nc, { timeout: 2000 });
    await expect(js.consumers.get(Streams.units, unitsDurable(ServiceNames.trainer))).rejects.toThrow();
    expect(await publishRefused(nc, `$JS.API.CONSUMER.MSG.NEXT.${Streams.units}.${unitsDurable(ServiceNames.trainer)}`)).toBe(true);
    expect(
      await publishRefused(
        nc,
        `$JS.API.CONSUMER.MSG.NEXT.${Streams.stageEvents}.${handlerDurable(ServiceNames.orchestrator, Subjects.stageEventsAll)}`,
      ),
    ).toBe(true);
  });

  it.each([ServiceNames.data, ServiceNames.trainer, ServiceNames.validator, ServiceNames.optimizer])(
    '%s cannot write the history stream',
    async (service) => {
      const nc = await login(service);
      expect(await publishRefused(nc, Subjects.history('run-1'))).toBe(true);
      await expect(jetstream(nc, { timeout: 2000 }).publish(Subjects.history('run-1'), '{}')).rejects.toThrow();
      const info = await (await jetstreamManager(admin)).streams.info(Streams.history);
      expect(info.state.messages).toBe(0);
    },
  );

  it("does not let a worker listen to another service's inbox, where its pulled messages arrive", async () => {
    const nc = await login(ServiceNames.data);
    const errors: string[] = [];
    const watching = (async () => {
      for await (const status of nc.status()) if (status.type === 'error') errors.push(String(status.error?.message));
    })();
    nc.subscribe(`${inboxPrefixFor(ServiceNames.trainer)}.>`);
    nc.subscribe('_INBOX.>');
    await nc.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    void watching;
    expect(errors.filter((message) => /Permissions Violation for Subscription/.test(message))).toHaveLength(2);
  });

  it('does not let a worker create, delete or purge streams, or write buckets it does not own', async () => {
    const nc = await login(ServiceNames.data);
    for (const subject of [
      `$JS.API.STREAM.CREATE.MINE`,
      `$JS.API.STREAM.DELETE.${Streams.history}`,
      `$JS.API.STREAM.PURGE.${Streams.stageCommands}`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${Streams.units}.${unitsDurable(ServiceNames.trainer)}`,
      `$KV.${Buckets.runs}.run.x`,
      `$KV.${Buckets.models}.model.x`,
      `$O.${Buckets.modelBytes}.M.x`,
    ])
      expect(await publishRefused(nc, subject)).toBe(true);
    // The orchestrator may write the run projections; a worker may not even through the KV client.
    const runs = await new Kvm(nc).open(Buckets.runs);
    await expect(runs.put('run.x', '{}', { timeout: 2000 } as never)).rejects.toThrow();
  });

  it('lets the orchestrator append history and dispatch stage commands', async () => {
    const nc = await login(ServiceNames.orchestrator);
    const js = jetstream(nc);
    await expect(js.publish(Subjects.history('run-2'), '{}')).resolves.toMatchObject({ stream: Streams.history });
    await expect(js.publish(Subjects.stageCommand(ServiceNames.trainer, 'train'), '{}')).resolves.toMatchObject({ stream: Streams.stageCommands });
  });
});
