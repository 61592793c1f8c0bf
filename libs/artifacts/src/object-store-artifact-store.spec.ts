import { connect, NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { ArtifactIntegrityError, ArtifactNotFoundError } from './artifact-store';
import { ObjectStoreArtifactStore } from './object-store-artifact-store';

describe('ObjectStoreArtifactStore', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;
  let store: ObjectStoreArtifactStore;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    store = await ObjectStoreArtifactStore.open(nc, 'test-artifacts');
  });
  afterAll(async () => {
    await nc.close();
    await server.stop();
  });

  it('stores bytes under their content hash and reads them back', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    const ref = await store.put(bytes, 'application/octet-stream');
    expect(ref.key).toBe(`sha256-${ref.sha256}`);
    expect(ref.size).toBe(300_000);
    expect(Buffer.from(await store.get(ref)).equals(Buffer.from(bytes))).toBe(true);
    expect(await store.put(bytes, 'application/octet-stream')).toEqual(ref);
  });

  it('names a missing artifact', async () => {
    const ref = { key: `sha256-${'0'.repeat(64)}`, sha256: '0'.repeat(64), size: 1, mediaType: 'x' };
    await expect(store.get(ref)).rejects.toThrow(ArtifactNotFoundError);
    await expect(store.get(ref)).rejects.toThrow(/sha256-0000/);
  });

  it('refuses bytes that do not match the reference', async () => {
    const ref = await store.put(new TextEncoder().encode('hello'), 'text/plain');
    await expect(store.get({ ...ref, sha256: 'f'.repeat(64) })).rejects.toThrow(ArtifactIntegrityError);
  });
});
