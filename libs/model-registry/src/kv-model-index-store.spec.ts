import { Kvm } from '@nats-io/kv';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { InMemoryArtifactStore } from '@ares/artifacts';
import type { ModelIndex, ModelVersionEntry } from '@ares/contracts';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { modelIndexStoreContract } from './testing';
import { KvModelIndexStore } from './kv-model-index-store';
import { changeStage } from './model-index-rules';

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

modelIndexStoreContract('NATS KV', async () => ({ store: await KvModelIndexStore.open(nc, { bucket: `test-models-${++bucket}` }) }));
// One version per segment: every multi-version case of the contract goes through sealed segments.
modelIndexStoreContract('NATS KV, sealing every version it can', async () => ({
  store: await KvModelIndexStore.open(nc, {
    bucket: `test-models-${++bucket}`,
    segments: new InMemoryArtifactStore(),
    segmentVersions: 1,
    sealAboveBytes: 0,
  }),
}));

/** A version as a long-lived name accumulates them: with an A/B plan of about 2 KB. */
const entry = (version: number): ModelVersionEntry => ({
  version,
  runId: `run-${version}`,
  stage: 'archived',
  registeredAt: '2026-01-01T00:00:00.000Z',
  onnxSha256: 'a'.repeat(64),
  onnxRef: { key: `sha256-${'a'.repeat(64)}`, sha256: 'a'.repeat(64), size: 1, mediaType: 'application/onnx' },
  cardRef: { key: `sha256-${'b'.repeat(64)}`, sha256: 'b'.repeat(64), size: 1, mediaType: 'application/json' },
  ab: { reason: 'x'.repeat(2000) } as ModelVersionEntry['ab'],
  history: [{ stage: 'none', at: '2026-01-01T00:00:00.000Z', reason: `registered by run run-${version}` }],
});

describe('KvModelIndexStore with thousands of versions', () => {
  it('stores an index far past the 1 MB value limit, keeps its KV value small, and reads it back whole', async () => {
    const name = `test-models-${++bucket}`;
    const store = await KvModelIndexStore.open(nc, { bucket: name, segments: new InMemoryArtifactStore() });
    const index: ModelIndex = { name: 'busy', versions: Array.from({ length: 1200 }, (_, i) => entry(i + 1)) };
    expect(JSON.stringify(index).length).toBeGreaterThan(2_500_000);
    const revision = await store.write(index, 0);
    expect((await store.read('busy'))!.index).toEqual(index);

    const head = await (await new Kvm(nc).open(name)).get('model.busy');
    expect(head!.length).toBeLessThan(100 * 2500);

    // A rollback to a version deep in a sealed segment: that segment is rewritten, the champion is found after it.
    const rolledBack = changeStage(index, { version: 3, stage: 'champion', reason: 'rollback', at: '2026-02-01T00:00:00.000Z' });
    await store.write(rolledBack, revision);
    const read = (await store.read('busy'))!.index;
    expect(read.versions.filter((version) => version.stage === 'champion').map((version) => version.version)).toEqual([3]);
    expect(read).toEqual(rolledBack);
  });

  it('keeps an index small enough for code from before segments in the old format', async () => {
    const name = `test-models-${++bucket}`;
    const store = await KvModelIndexStore.open(nc, { bucket: name, segments: new InMemoryArtifactStore(), segmentVersions: 10 });
    const index: ModelIndex = { name: 'm', versions: Array.from({ length: 150 }, (_, i) => entry(i + 1)) };
    await store.write(index, 0);
    const head = (await (await new Kvm(nc).open(name)).get('model.m'))!.json<ModelIndex & { segments?: unknown }>();
    expect([head.segments, head.versions.length]).toEqual([undefined, 150]);
  });

  it('a store opened afresh (nothing cached) reads what another wrote, and an index stored before segments still reads', async () => {
    const name = `test-models-${++bucket}`;
    const segments = new InMemoryArtifactStore();
    const writer = await KvModelIndexStore.open(nc, { bucket: name, segments, segmentVersions: 10, sealAboveBytes: 0 });
    const index: ModelIndex = { name: 'm', versions: Array.from({ length: 35 }, (_, i) => entry(i + 1)) };
    await writer.write(index, 0);
    const reader = await KvModelIndexStore.open(nc, { bucket: name, segments, segmentVersions: 10, sealAboveBytes: 0 });
    expect((await reader.read('m'))!.index).toEqual(index);

    const legacy: ModelIndex = { name: 'old', versions: [entry(1), entry(2)] };
    await (await new Kvm(nc).open(name)).create('model.old', JSON.stringify(legacy));
    expect((await reader.read('old'))!.index).toEqual(legacy);
  });
});
