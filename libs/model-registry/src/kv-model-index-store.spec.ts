import { connect, NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { modelIndexStoreContract } from './testing';
import { KvModelIndexStore } from './kv-model-index-store';

let server: NatsServerProcess;
let nc: NatsConnection;
let bucket = 0;

beforeAll(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
});
afterAll(async () => {
  await nc.close();
  await server.stop();
});

modelIndexStoreContract('NATS KV', async () => ({ store: await KvModelIndexStore.open(nc, `test-models-${++bucket}`) }));
