import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '../../nats-server/src';
import { JetStreamEventStore } from './jetstream-event-store';
let server: NatsServerProcess; let nc: NatsConnection;
beforeAll(async () => { server = await startNatsServer(); nc = await connect({ servers: server.url }); });
afterAll(async () => { await nc.close(); await server.stop(); });
it('bench', async () => {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const STREAMS = Number(process.env.STREAMS ?? 100), PER = Number(process.env.PER ?? 50);
  for (let round = 0; round < 3; round++) {
    await jsm.streams.add({ name: `RAW${round}`, subjects: [`raw${round}.*`] });
    let t = performance.now();
    await Promise.all(Array.from({ length: STREAMS }, async (_, s) => { for (let i = 0; i < PER; i++) await js.publish(`raw${round}.r${s}`, JSON.stringify({ v: 1, occurredAt: new Date().toISOString(), events: [{ id: `e${s}-${i}`, type: 'T', data: { i } }] })); }));
    const rawChains = STREAMS * PER / ((performance.now() - t) / 1000);
    await jsm.streams.add({ name: `RAWB${round}`, subjects: [`rawb${round}.*`] });
    t = performance.now();
    await Promise.all(Array.from({ length: STREAMS * PER }, (_, i) => js.publish(`rawb${round}.r${i % STREAMS}`, JSON.stringify({ i }))));
    const rawBurst = STREAMS * PER / ((performance.now() - t) / 1000);
    const store = await JetStreamEventStore.create(nc, { streamName: `ES${round}`, subjectPrefix: `es${round}.run` });
    t = performance.now();
    await Promise.all(Array.from({ length: STREAMS }, async (_, s) => { for (let i = 0; i < PER; i++) await store.appendToStream(`r${s}`, [{ id: `e${s}-${i}`, type: 'T', data: { i } }], { expectedVersion: i }); }));
    const es = STREAMS * PER / ((performance.now() - t) / 1000);
    const store2 = await JetStreamEventStore.create(nc, { streamName: `ESB${round}`, subjectPrefix: `esb${round}.run` });
    t = performance.now();
    await Promise.all(Array.from({ length: STREAMS * PER }, (_, i) => store2.appendToStream(`r${i % STREAMS}`, [{ id: `e${i}`, type: 'T', data: { i } }])));
    const esBurst = STREAMS * PER / ((performance.now() - t) / 1000);
    t = performance.now();
    let n = 0; for await (const _ of store.readAll()) n++;
    const readAll = n / ((performance.now() - t) / 1000);
    t = performance.now();
    for (let s = 0; s < STREAMS; s++) await store.readStream(`r${s}`);
    const rs = (performance.now() - t) / STREAMS;
    console.log(JSON.stringify({ rawChains: rawChains|0, es: es|0, ratio: (es/rawChains).toFixed(2), rawBurst: rawBurst|0, esBurst: esBurst|0, ratioBurst: (esBurst/rawBurst).toFixed(2), readAllPerSec: readAll|0, readStreamMs: rs.toFixed(2) }));
  }
});
