import { ArtifactStore, InMemoryArtifactStore } from '@ares/artifacts';
import { StageFailure } from './stage';
import { stageArtifactStore } from './stage-artifact-store';

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as StageFailure,
  );

describe('stageArtifactStore', () => {
  it('passes bytes through unchanged', async () => {
    const store = stageArtifactStore(new InMemoryArtifactStore());
    const ref = await store.put(Uint8Array.of(7, 8), 'x');
    expect(Array.from(await store.get(ref))).toEqual([7, 8]);
    expect(await store.has(ref)).toBe(true);
  });

  it('calls missing or corrupt bytes permanent, naming the artifact', async () => {
    const inner = new InMemoryArtifactStore();
    const ref = await inner.put(Uint8Array.of(1), 'x');
    const store = stageArtifactStore(inner);
    const corrupt = await failureOf(store.get({ ...ref, sha256: 'f'.repeat(64) }));
    expect(corrupt).toBeInstanceOf(StageFailure);
    expect(corrupt).toMatchObject({ permanent: true, message: expect.stringContaining(`artifact ${ref.key} could not be read`) });
    const missing = await failureOf(stageArtifactStore(new InMemoryArtifactStore()).get(ref));
    expect(missing).toMatchObject({ permanent: true });
  });

  it("calls a store's own failure transient", async () => {
    const down: ArtifactStore = {
      put: async () => {
        throw new Error('TIMEOUT');
      },
      get: async () => {
        throw new Error('CONNECTION_CLOSED');
      },
      has: async () => {
        throw new Error('TIMEOUT');
      },
    };
    const store = stageArtifactStore(down);
    expect(await failureOf(store.put(Uint8Array.of(1), 'x'))).toMatchObject({
      permanent: false,
      message: 'an artifact could not be stored: TIMEOUT',
    });
    expect(await failureOf(store.get({ key: 'k', sha256: 's', size: 1, mediaType: 'x' }))).toMatchObject({ permanent: false });
  });
});
