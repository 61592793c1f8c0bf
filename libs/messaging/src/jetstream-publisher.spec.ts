import { jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { Streams } from '@ares/contracts';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { JetStreamPublisher } from './jetstream-publisher';
import { connectNats } from './nats-connection';
import { provisionMessaging } from './provisioning';

describe('JetStreamPublisher', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url, 'publisher-spec');
    await provisionMessaging(nc);
    publisher = new JetStreamPublisher(nc);
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('stores JSON with headers and reports a repeated msgId as a duplicate', async () => {
    const first = await publisher.publish('ares.evt.stage.run-1', { kind: 'completed' }, { msgId: 'evt-1', headers: { 'Ares-Trace': 'abc' } });
    const again = await publisher.publish('ares.evt.stage.run-1', { kind: 'completed' }, { msgId: 'evt-1' });
    expect(first).toMatchObject({ stream: Streams.stageEvents, duplicate: false });
    expect(again).toMatchObject({ seq: first.seq, duplicate: true });
    const stored = await (await jetstreamManager(nc)).streams.getMessage(Streams.stageEvents, { seq: first.seq });
    expect(stored?.json()).toEqual({ kind: 'completed' });
    expect(stored?.header.get('Ares-Trace')).toBe('abc');
    expect(stored?.header.get('Nats-Msg-Id')).toBe('evt-1');
  });

  it('enforces optimistic concurrency expectations', async () => {
    await publisher.publish('ares.evt.stage.run-2', { n: 1 }, { expect: { lastSubjectSequence: 0 } });
    await expect(publisher.publish('ares.evt.stage.run-2', { n: 2 }, { expect: { lastSubjectSequence: 0 } })).rejects.toThrow(/wrong last sequence/);
  });

  it('names the subject when no stream captures it', async () => {
    await expect(publisher.publish('nowhere.at.all', {})).rejects.toThrow('no JetStream stream captures subject "nowhere.at.all"');
  });

  it('publishes core NATS signals', async () => {
    const sub = nc.subscribe('ares.ctl.cancel.run-9', { max: 1 });
    publisher.publishCore('ares.ctl.cancel.run-9', { reason: 'user' }, { 'Ares-Trace': 'x' });
    for await (const msg of sub) {
      expect(msg.json()).toEqual({ reason: 'user' });
      expect(msg.headers?.get('Ares-Trace')).toBe('x');
    }
  });
});
