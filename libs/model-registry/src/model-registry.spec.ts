import { connect, NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { ModelRegistry } from './model-registry';
import { InvalidStageChangeError, ModelNotFoundError } from './registry-errors';
import { sampleCardDraft as draft } from './testing';

const onnxOf = (seed: number) => new Uint8Array(64).map((_, i) => (i * 7 + seed) % 256);

describe('ModelRegistry (in memory)', () => {
  let registry: ModelRegistry;
  beforeEach(() => (registry = ModelRegistry.inMemory(() => new Date('2026-12-01T00:00:00Z'))));

  it('registers versions 1, 2, … with their cards and bytes; the same run twice is one version', async () => {
    const first = await registry.register({ name: 'm', runId: 'run-a', onnx: onnxOf(1), card: draft('run-a') });
    expect(first).toMatchObject({ created: true, entry: { version: 1, stage: 'none', runId: 'run-a' } });
    expect(first.card).toMatchObject({ name: 'm', version: 1, runId: 'run-a', schemaVersion: 1 });
    expect(first.card.onnx.sha256).toBe(first.entry.onnxSha256);
    expect(first.card.onnx.bytes).toBe(64);
    const again = await registry.register({ name: 'm', runId: 'run-a', onnx: onnxOf(1), card: draft('run-a') });
    expect(again).toMatchObject({ created: false, entry: { version: 1 } });
    const second = await registry.register({ name: 'm', runId: 'run-b', onnx: onnxOf(2), card: draft('run-b') });
    expect(second.entry.version).toBe(2);
    const download = await registry.onnx('m', 2);
    expect(Buffer.from(download.bytes).equals(Buffer.from(onnxOf(2)))).toBe(true);
    expect(download.entry).toEqual(second.entry);
    expect((await registry.version('m', 1)).card).toEqual(first.card);
    expect(await registry.list()).toEqual([{ name: 'm', latest: 2, champion: null, versions: 2 }]);
  });

  it('keeps one champion per name: promoting archives the old one, promoting it back is the rollback', async () => {
    for (const run of ['r1', 'r2']) await registry.register({ name: 'm', runId: run, onnx: onnxOf(run.length), card: draft(run) });
    await registry.setStage('m', { version: 1, stage: 'champion', reason: 'first' });
    await registry.setStage('m', { version: 2, stage: 'champion', reason: 'better' });
    let model = await registry.model('m');
    expect(model.champion).toBe(2);
    expect(model.versions.map((v) => v.stage)).toEqual(['archived', 'champion']);
    expect(model.versions[0].history.at(-1)).toMatchObject({ stage: 'archived', reason: 'replaced by version 2' });
    await registry.setStage('m', { version: 1, stage: 'champion', reason: 'rollback' });
    model = await registry.model('m');
    expect(model.versions.map((v) => v.stage)).toEqual(['champion', 'archived']);
    expect((await registry.champion('m'))!.entry.version).toBe(1);
  });

  it('changes nothing when a version is moved to the stage it has, and never back to none', async () => {
    await registry.register({ name: 'm', runId: 'r1', onnx: onnxOf(1), card: draft('r1') });
    await registry.setStage('m', { version: 1, stage: 'challenger', reason: 'x' });
    await registry.setStage('m', { version: 1, stage: 'challenger', reason: 'x again' });
    expect((await registry.model('m')).versions[0].history.map((h) => h.stage)).toEqual(['none', 'challenger']);
    await expect(registry.setStage('m', { version: 1, stage: 'none', reason: 'x' })).rejects.toBeInstanceOf(InvalidStageChangeError);
  });

  it('names what it does not hold', async () => {
    await expect(registry.model('ghost')).rejects.toThrow(new ModelNotFoundError("no model named 'ghost'"));
    await registry.register({ name: 'm', runId: 'r1', onnx: onnxOf(1), card: draft('r1') });
    await expect(registry.version('m', 7)).rejects.toThrow("model 'm' has no version 7 (it has 1)");
    await expect(registry.onnx('m', 7)).rejects.toBeInstanceOf(ModelNotFoundError);
    expect(await registry.champion('m')).toBeUndefined();
  });
});

describe('ModelRegistry (NATS KV and Object Store)', () => {
  let server: NatsServerProcess;
  let nc: NatsConnection;
  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    await nc.close();
    await server.stop();
  });

  it('gives concurrent registrations from separate clients distinct versions, each exactly once', async () => {
    const registries = await Promise.all([1, 2, 3].map(() => ModelRegistry.open(nc)));
    const runs = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
    const results = await Promise.all(
      runs.flatMap((run, i) =>
        [registries[i % 3], registries[(i + 1) % 3]].map((r) => r.register({ name: 'm', runId: run, onnx: onnxOf(i), card: draft(run) })),
      ),
    );
    const model = await registries[0].model('m');
    expect(model.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(model.versions.map((v) => v.runId)).size).toBe(6);
    for (const result of results) expect(model.versions.find((v) => v.runId === result.entry.runId)!.version).toBe(result.entry.version);
    expect(results.filter((result) => result.created)).toHaveLength(6);
    const reopened = await ModelRegistry.open(nc);
    const detail = await reopened.version('m', 3);
    expect(detail.card.version).toBe(3);
    expect((await reopened.onnx('m', 3)).bytes.byteLength).toBe(64);
  });
});
