import { connect, NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '../../nats-server/src';
import { JetStreamEventStore } from './jetstream-event-store';
let server: NatsServerProcess; let nc: NatsConnection;
beforeAll(async () => { server = await startNatsServer(); nc = await connect({ servers: server.url }); });
afterAll(async () => { await nc.close(); await server.stop(); });
it('prof3', async () => {
  const time = async (label: string, f: () => Promise<unknown>, n = 30) => { await f(); const t = performance.now(); for (let i = 0; i < n; i++) await f(); console.log(label, ((performance.now() - t) / n).toFixed(3), 'ms'); };
  for (const [streams, per] of [[1, 1], [1, 50], [1, 300], [100, 50], [1000, 20]]) {
    const store = await JetStreamEventStore.create(nc, { streamName: `ES${streams}_${per}`, subjectPrefix: `es${streams}_${per}.run` });
    await Promise.all(Array.from({ length: streams * per }, (_, i) => store.appendToStream(`r${i % streams}`, [{ id: `e${i}`, type: 'T', data: { i, payload: 'x'.repeat(200) } }])));
    await time(`readStream streams=${streams} commitsPerStream=${per}`, () => store.readStream('r0'));
    await time(`readStream missing`, () => store.readStream('nope'));
  }
});
