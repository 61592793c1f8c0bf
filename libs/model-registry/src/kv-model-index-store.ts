import { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets, ModelIndex } from '@ares/contracts';
import { openOrCreateKv } from '@ares/messaging';
import { IndexConflictError, ModelIndexStore, VersionedIndex } from './model-index-store';

const keyOf = (name: string) => `model.${name}`;

/** Each name's index at KV key `model.<name>` (bucket `ares-models`), written by compare-and-set on its revision. */
export class KvModelIndexStore implements ModelIndexStore {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, bucket: string = Buckets.models): Promise<KvModelIndexStore> {
    // History 16: a version's stage changes stay inspectable with `nats kv history` for a while.
    return new KvModelIndexStore(await openOrCreateKv(nc, bucket, { history: 16, storage: 'file' as never }));
  }

  async read(name: string): Promise<VersionedIndex | undefined> {
    const entry = await this.kv.get(keyOf(name));
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return undefined;
    return { index: entry.json<ModelIndex>(), revision: entry.revision };
  }

  async write(index: ModelIndex, expectedRevision: number): Promise<number> {
    const value = JSON.stringify(index);
    try {
      return expectedRevision === 0
        ? await this.kv.create(keyOf(index.name), value)
        : await this.kv.update(keyOf(index.name), value, expectedRevision);
    } catch (error) {
      // The server refuses a stale revision ("wrong last sequence") or an existing key on create.
      if (/wrong last sequence|key exists|10071/i.test((error as Error).message)) throw new IndexConflictError(index.name);
      throw error;
    }
  }

  async names(): Promise<string[]> {
    const names: string[] = [];
    for await (const key of await this.kv.keys('model.*')) names.push(key.slice('model.'.length));
    return names.sort();
  }
}
