import { AckPolicy, jetstream, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { supportsTermReason } from './durable-consumer-worker';
import { connectNats } from './nats-connection';
import { DEFAULT_RETRY_POLICY, durableConsumerConfig, retryDelayMs, validateRetryPolicy, workingIntervalMs } from './retry-policy';

const ms = (n: number) => n * 1_000_000;

describe('retry policy', () => {
  it('takes the backoff step of the failed delivery and repeats the last one', () => {
    const policy = { ackWaitMs: 30_000, maxDeliver: 6, backoffMs: [1000, 5000, 15000] };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n))).toEqual([1000, 5000, 15000, 15000, 15000]);
    expect(retryDelayMs({ ...policy, backoffMs: [] }, 3)).toBe(0);
    expect(workingIntervalMs(DEFAULT_RETRY_POLICY)).toBe(10_000);
  });

  it('rejects nonsense', () => {
    expect(() => validateRetryPolicy({ ackWaitMs: 0, maxDeliver: 5, backoffMs: [] })).toThrow(/ackWaitMs/);
    expect(() => validateRetryPolicy({ ackWaitMs: 1000, maxDeliver: 0, backoffMs: [] })).toThrow(/maxDeliver/);
    expect(() => validateRetryPolicy({ ackWaitMs: 1000, maxDeliver: 3, backoffMs: [-1] })).toThrow(/backoffMs/);
  });

  it('knows which servers understand a term reason', () => {
    expect(supportsTermReason('2.9.10')).toBe(false);
    expect(supportsTermReason('2.10.3')).toBe(false);
    expect(supportsTermReason('2.10.4')).toBe(true);
    expect(supportsTermReason('2.12.0')).toBe(true);
    expect(supportsTermReason(undefined)).toBe(false);
  });
});

/** The server behaviour retry-policy.ts is designed around, checked against the local nats-server. */
describe('JetStream redelivery facts', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let version = '';

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url, 'retry-facts');
    version = nc.info?.version ?? '';
    jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'FACTS', subjects: ['facts.>'] });
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('uses ack_wait and max_deliver as given, with no server-side backoff', async () => {
    const info = await jsm.consumers.add(
      'FACTS',
      durableConsumerConfig('plain', 'facts.plain', { ackWaitMs: 1234, maxDeliver: 4, backoffMs: [5, 6] }),
    );
    expect(info.config).toMatchObject({ ack_wait: ms(1234), max_deliver: 4, ack_policy: AckPolicy.Explicit });
    expect(info.config.backoff ?? []).toEqual([]);
  });

  it('replaces ack_wait by backoff[0] and requires max_deliver > backoff length', async () => {
    const base = { ack_policy: AckPolicy.Explicit, ack_wait: ms(10_000), backoff: [ms(1000), ms(2000)] };
    const info = await jsm.consumers.add('FACTS', { ...base, durable_name: 'bo', filter_subject: 'facts.bo', max_deliver: 3 });
    expect(info.config.ack_wait).toBe(ms(1000));
    await expect(jsm.consumers.add('FACTS', { ...base, durable_name: 'bo2', filter_subject: 'facts.bo2', max_deliver: 2 })).rejects.toThrow(
      /max deliver is required to be > length of backoff values/,
    );
  });

  it('ignores `+TERM <reason>` before 2.10.4 (the message comes back), honours plain term', async () => {
    await jsm.consumers.add('FACTS', { durable_name: 'term', filter_subject: 'facts.term', ack_policy: AckPolicy.Explicit, ack_wait: ms(300) });
    const consumer = await jetstream(nc).consumers.get('FACTS', 'term');
    await jetstream(nc).publish('facts.term', 'x');
    (await consumer.next({ expires: 1000 }))!.term('with a reason');
    const again = await consumer.next({ expires: 1000 });
    expect(again !== null).toBe(!supportsTermReason(version));
    again?.term();
    expect(await consumer.next({ expires: 1000 })).toBeNull();
  });

  it('on 2.9, a server backoff stretches nak delays by backoff[n-1] - backoff[0]', async () => {
    await jsm.consumers.add('FACTS', {
      durable_name: 'nakbo',
      filter_subject: 'facts.nakbo',
      ack_policy: AckPolicy.Explicit,
      max_deliver: 3,
      backoff: [ms(200), ms(700)],
    });
    const consumer = await jetstream(nc).consumers.get('FACTS', 'nakbo');
    await jetstream(nc).publish('facts.nakbo', 'x');
    (await consumer.next({ expires: 1000 }))!.nak(); // plain nak: straight back, backoff ignored
    const second = (await consumer.next({ expires: 1000 }))!;
    expect(second.info.deliveryCount).toBe(2);
    const nakAt = Date.now();
    second.nak(100);
    const third = (await consumer.next({ expires: 2000 }))!;
    const delay = Date.now() - nakAt;
    third.ack();
    if (!version.startsWith('2.9.')) return; // newer servers may have changed this; the design does not depend on it
    expect(delay).toBeGreaterThanOrEqual(550); // 100 + 700 - 200, not 100
    expect(delay).toBeLessThan(1200);
  });
});
