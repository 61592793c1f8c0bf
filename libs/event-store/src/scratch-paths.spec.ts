import { connect, NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '../../nats-server/src';
import { JetStreamEventStore } from './jetstream-event-store';
let server: NatsServerProcess; let nc: NatsConnection;
beforeAll(async () => { server = await startNatsServer(); nc = await connect({ servers: server.url }); });
afterAll(async () => { await nc.close(); await server.stop(); });
const ev = (id: string) => ({ id, type: 'T', data: id });
function spy(store: JetStreamEventStore) {
  const s = store as unknown as Record<string, (...a: unknown[]) => unknown> & { js: { publish: (...a: unknown[]) => Promise<unknown> } };
  const log: string[] = [];
  for (const m of ['resolveMismatch', 'versionAfter', 'fetchTip']) {
    const orig = s[m].bind(store); s[m] = (...a: unknown[]) => { log.push(m); return orig(...a); };
  }
  const pub = s.js.publish.bind(s.js);
  s.js.publish = async (...a: unknown[]) => { try { const r = await pub(...a); log.push('publish:' + JSON.stringify(r)); return r; } catch (e) { log.push('publish-err:' + (e as Error).message); throw e; } };
  return log;
}
it('paths', async () => {
  const names = { streamName: 'S1', subjectPrefix: 's1.run' };
  const w = await JetStreamEventStore.create(nc, names);
  const r = new JetStreamEventStore(nc, names);
  await w.appendToStream('x', [ev('a')]);
  await r.readStream('x');
  await w.appendToStream('x', [ev('b')], { expectedVersion: 1 });
  const log = spy(r);
  console.log(await r.appendToStream('x', [ev('b')], { expectedVersion: 1 }), log.splice(0));
  console.log(await r.appendToStream('x', [ev('c')], { expectedVersion: 2 }), log.splice(0));
  console.log(await r.appendToStream('x', [ev('c')], { expectedVersion: 2 }), log.splice(0));
  console.log(await r.appendToStream('x', [ev('a')], { expectedVersion: 0 }), log.splice(0));
  console.log(await r.appendToStream('x', [ev('a')], { expectedVersion: 'any' }), log.splice(0));
  const wl = spy(w);
  console.log(await w.appendToStream('x', [ev('d')], { expectedVersion: 3 }), wl.splice(0));
  await w.appendToStream('x', [ev('e')], { expectedVersion: 1 }).catch((e) => console.log(e.message, wl.splice(0)));
});
