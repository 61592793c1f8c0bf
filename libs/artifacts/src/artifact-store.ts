import { ArtifactRef } from '@ares/contracts';

/** Where stages keep bulky outputs. Content-addressed: the same bytes always get the same reference. */
export interface ArtifactStore {
  put(bytes: Uint8Array, mediaType: string): Promise<ArtifactRef>;
  /** The artifact's bytes, verified against the reference's hash. */
  get(ref: ArtifactRef): Promise<Uint8Array>;
  has(ref: ArtifactRef): Promise<boolean>;
}

export class ArtifactNotFoundError extends Error {
  constructor(readonly ref: Pick<ArtifactRef, 'key'>) {
    super(`artifact ${ref.key} is missing from the artifact store (never written, or its upload did not finish)`);
    this.name = 'ArtifactNotFoundError';
  }
}

export class ArtifactIntegrityError extends Error {
  constructor(
    readonly ref: ArtifactRef,
    detail: string,
  ) {
    super(`artifact ${ref.key} is corrupt: ${detail}`);
    this.name = 'ArtifactIntegrityError';
  }
}
