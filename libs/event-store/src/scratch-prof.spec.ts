import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '../../nats-server/src';
import { JetStreamEventStore } from './jetstream-event-store';
let server: NatsServerProcess; let nc: NatsConnection;
beforeAll(async () => { server = await startNatsServer(); nc = await connect({ servers: server.url }); });
afterAll(async () => { await nc.close(); await server.stop(); });
it('prof', async () => {
  const js = jetstream(nc);
  const store = await JetStreamEventStore.create(nc, { streamName: `ES`, subjectPrefix: `es.run` });
  await Promise.all(Array.from({ length: 5000 }, (_, i) => store.appendToStream(`r${i % 100}`, [{ id: `e${i}`, type: 'T', data: { i } }])));
  for (let k = 0; k < 3; k++) {
    let t = performance.now();
    const c = await js.consumers.get('ES', { filter_subjects: 'es.run.*', deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 1 });
    const t1 = performance.now() - t;
    const info = await c.info(true);
    t = performance.now();
    let n = 0; const marks: number[] = [];
    while (n < info.num_pending) {
      const it = await c.fetch({ max_messages: Math.min(256, info.num_pending - n), expires: 10000 });
      const f0 = performance.now();
      for await (const m of it) { n++; void m; }
      marks.push(Math.round(performance.now() - f0));
    }
    const t2 = performance.now() - t;
    t = performance.now(); await c.delete(); const t3 = performance.now() - t;
    console.log({ create: t1.toFixed(2), fetchAll: t2.toFixed(1), n, del: t3.toFixed(2), marks: marks.join(',') });
  }
  let t = performance.now();
  for (let s = 0; s < 100; s++) await store.readStream(`r${s}`);
  console.log('readStream ms', (performance.now() - t) / 100);
});
