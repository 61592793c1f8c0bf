import { ArtifactRef, StageOutput } from '@ares/contracts';
import { ArtifactStore, InMemoryArtifactStore } from '@ares/artifacts';
import { StageContext, StageFailure, stageArtifactStore } from '@ares/stage-runtime';
import { readInputArtifact } from './stage-artifacts';

function contextWith(artifacts: ArtifactStore, ref: ArtifactRef): StageContext {
  const output: StageOutput = { artifacts: [{ name: 'dataset', ...ref }], metrics: {} };
  return { stage: 'preprocess', artifacts, input: () => output } as unknown as StageContext;
}

async function failureOf(promise: Promise<unknown>): Promise<StageFailure> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StageFailure);
  return error as StageFailure;
}

describe('readInputArtifact', () => {
  it('reads the bytes an upstream output names', async () => {
    const store = new InMemoryArtifactStore();
    const ref = await store.put(Uint8Array.of(1, 2, 3), 'x');
    expect(Array.from(await readInputArtifact(contextWith(store, ref), 'collect', 'dataset'))).toEqual([1, 2, 3]);
  });

  it('fails for good, naming the artifact, when it is missing or corrupt', async () => {
    const store = new InMemoryArtifactStore();
    const ref = await store.put(Uint8Array.of(1, 2, 3), 'x');
    const missing = await failureOf(readInputArtifact(contextWith(new InMemoryArtifactStore(), ref), 'collect', 'dataset'));
    expect(missing).toMatchObject({ permanent: true, message: expect.stringContaining(`collect's dataset ${ref.key} cannot be read`) });
    const corrupt = await failureOf(readInputArtifact(contextWith(store, { ...ref, sha256: '0'.repeat(64) }), 'collect', 'dataset'));
    expect(corrupt).toMatchObject({ permanent: true, message: expect.stringContaining('is corrupt') });
  });

  it("keeps the runtime store's own classification", async () => {
    const store = stageArtifactStore(new InMemoryArtifactStore());
    const ref = { key: 'sha256-gone', sha256: 'gone', size: 1, mediaType: 'x' };
    expect(await failureOf(readInputArtifact(contextWith(store, ref), 'collect', 'dataset'))).toMatchObject({ permanent: true });
  });

  it('leaves a store that could not answer to a retry', async () => {
    const busy: ArtifactStore = {
      put: async () => {
        throw new Error('unused');
      },
      get: async () => {
        throw new Error('TIMEOUT');
      },
      has: async () => false,
    };
    const ref = { key: 'sha256-x', sha256: 'x', size: 1, mediaType: 'x' };
    expect(await failureOf(readInputArtifact(contextWith(busy, ref), 'collect', 'dataset'))).toMatchObject({ permanent: false });
  });
});
