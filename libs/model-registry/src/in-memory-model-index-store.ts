import type { ModelIndex } from '@ares/contracts';
import { IndexConflictError, ModelIndexStore, VersionedIndex } from './model-index-store';

/** For tests and the in-process pipeline: the same compare-and-set rules as NATS KV. */
export class InMemoryModelIndexStore implements ModelIndexStore {
  private readonly entries = new Map<string, VersionedIndex>();
  private revision = 0;

  async read(name: string): Promise<VersionedIndex | undefined> {
    const entry = this.entries.get(name);
    return entry && { index: structuredClone(entry.index), revision: entry.revision };
  }

  async write(index: ModelIndex, expectedRevision: number): Promise<number> {
    if ((this.entries.get(index.name)?.revision ?? 0) !== expectedRevision) throw new IndexConflictError(index.name);
    this.revision += 1;
    this.entries.set(index.name, { index: structuredClone(index), revision: this.revision });
    return this.revision;
  }

  async names(): Promise<string[]> {
    return [...this.entries.keys()].sort();
  }
}
