import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { connect, NatsConnection, nanos, createInbox } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '../../nats-server/src';
import { JetStreamEventStore } from './jetstream-event-store';
let server: NatsServerProcess; let nc: NatsConnection;
beforeAll(async () => { server = await startNatsServer(); nc = await connect({ servers: server.url }); });
afterAll(async () => { await nc.close(); await server.stop(); });
it('prof2', async () => {
  const js = jetstream(nc); const jsm = await jetstreamManager(nc);
  const store = await JetStreamEventStore.create(nc, { streamName: `ES`, subjectPrefix: `es.run` });
  await Promise.all(Array.from({ length: 5000 }, (_, i) => store.appendToStream(`r${i % 100}`, [{ id: `e${i}`, type: 'T', data: { i } }])));
  const time = async (label: string, f: () => Promise<unknown>, n = 50) => { const t = performance.now(); for (let i = 0; i < n; i++) await f(); console.log(label, ((performance.now() - t) / n).toFixed(3), 'ms'); };
  await time('stream info', () => jsm.streams.info('ES'));
  await time('getMessage last', () => jsm.streams.getMessage('ES', { last_by_subj: 'es.run.r5' }));
  await time('publish', () => js.publish('es.run.zz', 'x'));
  let k = 0;
  await time('consumer add+delete', async () => { const name = `c${k++}`; await jsm.consumers.add('ES', { name, filter_subject: 'es.run.r7', ack_policy: AckPolicy.None, mem_storage: true, inactive_threshold: nanos(300000), deliver_policy: DeliverPolicy.All }); await jsm.consumers.delete('ES', name); });
  await time('push consumer read', async () => {
    const inbox = createInbox(); const name = `p${k++}`;
    let got = 0; let expected = -1; let done!: () => void; const finished = new Promise<void>((r) => (done = r));
    const sub = nc.subscribe(inbox, { callback: () => { got++; if (got === expected) done(); } });
    const ci = await jsm.consumers.add('ES', { name, deliver_subject: inbox, filter_subject: 'es.run.r7', ack_policy: AckPolicy.None, mem_storage: true, inactive_threshold: nanos(300000), deliver_policy: DeliverPolicy.All });
    expected = ci.num_pending + ci.delivered.stream_seq * 0; if (got >= expected) done();
    await finished; sub.unsubscribe(); await jsm.consumers.delete('ES', name);
  });
  await time('readStream', () => store.readStream('r7'));
});
