import { connect, NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '../../nats-server/src';
import { JetStreamEventStore } from './jetstream-event-store';
let server: NatsServerProcess; let nc: NatsConnection;
beforeAll(async () => { server = await startNatsServer(); nc = await connect({ servers: server.url }); });
afterAll(async () => { await nc.close(); await server.stop(); });
it('prof4', async () => {
  const store = await JetStreamEventStore.create(nc, { streamName: `ES`, subjectPrefix: `es.run` });
  await Promise.all(Array.from({ length: 300 }, (_, i) => store.appendToStream(`r0`, [{ id: `e${i}`, type: 'T', data: { i, payload: 'x'.repeat(200) } }])));
  const t = performance.now();
  for (let i = 0; i < 200; i++) await store.readStream('r0');
  console.log('avg ms', (performance.now() - t) / 200);
});
