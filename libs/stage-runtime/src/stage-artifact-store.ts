import { ArtifactIntegrityError, ArtifactNotFoundError, ArtifactStore } from '@ares/artifacts';
import type { ArtifactRef } from '@ares/contracts';
import { StageFailure } from './stage';

/**
 * The artifact store as a stage sees it: its errors arrive already classified, so a stage that calls whatever its
 * own code throws permanent cannot mistake a store's hiccup for bad input. Missing or corrupt bytes stay permanent
 * (no retry brings them back); any other failure (a timeout, a lost connection) is transient.
 */
export function stageArtifactStore(store: ArtifactStore): ArtifactStore {
  const classified = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw artifactStageFailure(`${what}: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  };
  return {
    put: (bytes: Uint8Array, mediaType: string) => classified('an artifact could not be stored', () => store.put(bytes, mediaType)),
    get: (ref: ArtifactRef) => classified(`artifact ${ref.key} could not be read`, () => store.get(ref)),
    has: (ref: ArtifactRef) => classified(`artifact ${ref.key} could not be looked up`, () => store.has(ref)),
  };
}

/**
 * `error` from an artifact store as a StageFailure with `message`: missing or corrupt bytes are permanent, anything
 * else transient; a StageFailure (from a store already wrapped by stageArtifactStore) keeps its classification.
 */
export function artifactStageFailure(message: string, error: unknown): StageFailure {
  const permanent =
    error instanceof StageFailure ? error.permanent : error instanceof ArtifactIntegrityError || error instanceof ArtifactNotFoundError;
  return new StageFailure(message, { permanent, cause: error });
}
