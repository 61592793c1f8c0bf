import { jetstream, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { isNatsUnavailable } from './nats-unavailable';

/** The errors come from a real nats-server and the real client, the way a service meets them. */
describe('isNatsUnavailable', () => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  const failure = (call: () => Promise<unknown>) =>
    call().then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error,
    );

  it('a request nobody answers, a JetStream publish no stream takes and a request that times out are unavailability', async () => {
    expect(isNatsUnavailable(await failure(() => nc.request('nobody.listens', 'x', { timeout: 1000 })))).toBe(true);
    expect(isNatsUnavailable(await failure(() => jetstream(nc).publish('no.stream.here', 'x')))).toBe(true);
    const silent = nc.subscribe('slow.responder'); // subscribed, never answers
    expect(isNatsUnavailable(await failure(() => nc.request('slow.responder', 'x', { timeout: 200 })))).toBe(true);
    silent.unsubscribe();
  });

  it('a closed connection is unavailability, also when wrapped as the cause of another error', async () => {
    const closed = await connect({ servers: nats.url });
    await closed.close();
    const error = await failure(() => closed.request('anything', 'x'));
    expect(isNatsUnavailable(error)).toBe(true);
    expect(isNatsUnavailable(new Error('reading run r1 failed', { cause: error }))).toBe(true);
  });

  it('a missing stream, a bad request and a plain bug are not', async () => {
    const jsm = await jetstreamManager(nc);
    expect(isNatsUnavailable(await failure(() => jsm.streams.info('NO_SUCH_STREAM')))).toBe(false);
    expect(isNatsUnavailable(await failure(() => jsm.streams.add({ name: 'BAD', subjects: ['a.>'], max_msgs: -5, num_replicas: 9 })))).toBe(false);
    expect(isNatsUnavailable(new TypeError("Cannot read properties of undefined (reading 'stages')"))).toBe(false);
    expect(isNatsUnavailable(undefined)).toBe(false);
  });

  it('of the JetStream API answers with status 503, a stream without a leader is unavailability, a full disk or JetStream off is not', () => {
    const answer = (err_code: number, description: string) => new JetStreamApiError({ code: 503, err_code, description });
    expect(isNatsUnavailable(answer(10008, 'JetStream system temporarily unavailable'))).toBe(true);
    expect(isNatsUnavailable(answer(10039, 'jetstream not enabled for account'))).toBe(false);
    expect(isNatsUnavailable(answer(10023, 'insufficient resources'))).toBe(false);
  });
});
