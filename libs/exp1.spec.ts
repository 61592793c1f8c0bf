import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, AckPolicy, JsMsg } from '@nats-io/jetstream';
import { startNatsServer } from './nats-server/src';

const ns = (ms: number) => ms * 1_000_000;
jest.setTimeout(120000);
test('semantics', async () => {
  const srv = await startNatsServer();
  const nc = await connect({ servers: srv.url });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  await jsm.streams.add({ name: 'S', subjects: ['s.>'] });
  const log = (...a: unknown[]) => console.log(...a);
  // validation of backoff length
  for (const [md, bo] of [[3, [1000, 2000, 3000]], [3, [1000, 2000]], [4, [1000, 2000, 3000]]] as [number, number[]][]) {
    try {
      const ci = await jsm.consumers.add('S', { durable_name: `v${md}${bo.length}`, ack_policy: AckPolicy.Explicit, max_deliver: md, backoff: bo.map(ns), ack_wait: ns(10000) });
      log('md', md, 'bo', bo.length, 'OK ack_wait=', ci.config.ack_wait / 1e6);
    } catch (e) { log('md', md, 'bo', bo.length, 'ERR', (e as Error).message); }
  }
  async function scenario(name: string, cfg: { ack_wait: number; backoff?: number[]; max_deliver: number }, onMsg: (m: JsMsg, t: number) => void, durationMs: number) {
    const subj = `s.${name}`;
    await jsm.consumers.add('S', { durable_name: name, ack_policy: AckPolicy.Explicit, filter_subject: subj, ack_wait: ns(cfg.ack_wait), backoff: cfg.backoff?.map(ns), max_deliver: cfg.max_deliver });
    const c = await js.consumers.get('S', name);
    const t0 = Date.now();
    await js.publish(subj, 'x');
    const it = await c.consume({ max_messages: 10 });
    const timer = setTimeout(() => it.stop(), durationMs);
    let last = t0;
    for await (const m of it) {
      const now = Date.now();
      log(name, 'delivery', m.info.deliveryCount, 'at', now - t0, 'gap', now - last);
      last = now;
      onMsg(m, now - t0);
    }
    clearTimeout(timer);
  }
  // 1. no ack, backoff [1000,2000,3000], ack_wait 10s, max_deliver 5
  await scenario('noack', { ack_wait: 10000, backoff: [1000, 2000, 3000], max_deliver: 5 }, () => {}, 12000);
  // 2. no ack, no backoff, ack_wait 1000
  await scenario('noackplain', { ack_wait: 1000, max_deliver: 3 }, () => {}, 4500);
  // 3. nak(500) with backoff [1000, 2000, 3000] ack_wait 10s
  await scenario('nakdelay', { ack_wait: 10000, backoff: [1000, 2000, 3000], max_deliver: 4 }, (m) => m.nak(500), 8000);
  // 4. nak() no delay with backoff
  await scenario('nakplain', { ack_wait: 10000, backoff: [1000, 2000, 3000], max_deliver: 4 }, (m) => m.nak(), 8000);
  // 5. nak(700) without backoff, ack_wait 3000
  await scenario('nakdelaynobo', { ack_wait: 3000, max_deliver: 4 }, (m) => m.nak(700), 4000);
  // 6. working every 800ms with backoff [1000,2000] ack_wait 5000: held for 4s then ack
  await scenario('working', { ack_wait: 5000, backoff: [1000, 2000], max_deliver: 4 }, (m) => {
    if (m.info.deliveryCount > 1) return;
    const iv = setInterval(() => m.working(), 800);
    setTimeout(() => { clearInterval(iv); m.ack(); }, 4000);
  }, 6000);
  // 7. working every 2000ms with ack_wait 3000 no backoff; hold 7s then ack
  await scenario('workingnobo', { ack_wait: 3000, max_deliver: 4 }, (m) => {
    if (m.info.deliveryCount > 1) return;
    const iv = setInterval(() => m.working(), 1000);
    setTimeout(() => { clearInterval(iv); m.ack(); }, 7000);
  }, 8000);
  await nc.close();
  await srv.stop();
});
