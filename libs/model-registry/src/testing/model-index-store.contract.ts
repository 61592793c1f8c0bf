/// <reference types="jest" />
// Test-only (exported from testing/index.ts): the build config has no jest globals, hence the reference.
import type { ModelIndex } from '@ares/contracts';
import { IndexConflictError, ModelIndexStore } from '../model-index-store';

const indexOf = (name: string, runs: string[]): ModelIndex => ({
  name,
  versions: runs.map((runId, i) => ({
    version: i + 1,
    runId,
    stage: 'none',
    registeredAt: '2026-01-01T00:00:00.000Z',
    onnxSha256: 'a'.repeat(64),
    onnxRef: { key: `sha256-${'a'.repeat(64)}`, sha256: 'a'.repeat(64), size: 1, mediaType: 'application/onnx' },
    cardRef: { key: `sha256-${'b'.repeat(64)}`, sha256: 'b'.repeat(64), size: 1, mediaType: 'application/json' },
    history: [],
  })),
});

/** The behaviour every ModelIndexStore adapter must have; `setup` returns an empty store before each test. */
export function modelIndexStoreContract(name: string, setup: () => Promise<{ store: ModelIndexStore; teardown?: () => Promise<void> }>): void {
  describe(`ModelIndexStore contract: ${name}`, () => {
    let store: ModelIndexStore;
    let teardown: (() => Promise<void>) | undefined;
    beforeEach(async () => ({ store, teardown } = await setup()));
    afterEach(async () => teardown?.());

    it('reads nothing for an unknown name', async () => {
      expect(await store.read('nope')).toBeUndefined();
      expect(await store.names()).toEqual([]);
    });

    it('creates a name only when it does not exist yet (expected revision 0)', async () => {
      const revision = await store.write(indexOf('m', ['r1']), 0);
      expect(revision).toBeGreaterThan(0);
      await expect(store.write(indexOf('m', ['r2']), 0)).rejects.toBeInstanceOf(IndexConflictError);
      expect((await store.read('m'))!.index.versions.map((v) => v.runId)).toEqual(['r1']);
    });

    it('updates by compare-and-set: a stale revision is refused and changes nothing', async () => {
      const first = await store.write(indexOf('m', ['r1']), 0);
      const second = await store.write(indexOf('m', ['r1', 'r2']), first);
      expect(second).toBeGreaterThan(first);
      await expect(store.write(indexOf('m', ['r1', 'r3']), first)).rejects.toBeInstanceOf(IndexConflictError);
      const stored = await store.read('m');
      expect(stored!.revision).toBe(second);
      expect(stored!.index.versions.map((v) => v.runId)).toEqual(['r1', 'r2']);
    });

    it('lists names in order and keeps them apart', async () => {
      await store.write(indexOf('b-model', ['r1']), 0);
      await store.write(indexOf('a-model', ['r2']), 0);
      expect(await store.names()).toEqual(['a-model', 'b-model']);
      expect((await store.read('a-model'))!.index.versions[0].runId).toBe('r2');
    });

    it('returns copies: changing a read index does not change the store', async () => {
      await store.write(indexOf('m', ['r1']), 0);
      const read = await store.read('m');
      read!.index.versions.push(indexOf('m', ['x', 'y']).versions[1]);
      expect((await store.read('m'))!.index.versions).toHaveLength(1);
    });
  });
}
