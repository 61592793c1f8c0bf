import type { ModelIndex } from '@ares/contracts';

/** A stored index and the revision a compare-and-set write must name. */
export interface VersionedIndex {
  index: ModelIndex;
  revision: number;
}

/** Another writer changed the index since it was read: read again and redo the change. */
export class IndexConflictError extends Error {
  constructor(name: string) {
    super(`the index of model '${name}' changed while it was being updated`);
    this.name = 'IndexConflictError';
  }
}

/**
 * Where the registry keeps each name's index: one value per model name, written by compare-and-set so that two
 * replicas registering at once can never hand out the same version. Every adapter passes modelIndexStoreContract.
 */
export interface ModelIndexStore {
  read(name: string): Promise<VersionedIndex | undefined>;
  /** Writes when the stored revision is still `expectedRevision` (0: the name must not exist yet); else IndexConflictError. */
  write(index: ModelIndex, expectedRevision: number): Promise<number>;
  names(): Promise<string[]>;
}
