import { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { SeriesKey } from '@ares/market-data';
import { MARKET_MANIFEST_BUCKET } from './market-store-buckets';
import { emptyManifest, manifestKey, parseManifest, SeriesManifest } from './series-manifest';
import { openOrCreateKv } from '@ares/messaging';

/** A manifest as read, with the KV revision a compare-and-set write must match (0: no entry yet). */
export interface ManifestSnapshot {
  manifest: SeriesManifest;
  revision: number;
}

/** Series manifests in NATS KV, one key per series; writes are compare-and-set on the revision. */
export class ManifestBucket {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, bucket: string = MARKET_MANIFEST_BUCKET): Promise<ManifestBucket> {
    return new ManifestBucket(await openOrCreateKv(nc, bucket, { history: 1, storage: 'file' as never }));
  }

  async read(key: SeriesKey): Promise<ManifestSnapshot> {
    const kvKey = manifestKey(key);
    const entry = await this.kv.get(kvKey);
    if (!entry) return { manifest: emptyManifest(key), revision: 0 };
    if (entry.operation !== 'PUT' || entry.length === 0) return { manifest: emptyManifest(key), revision: entry.revision };
    return { manifest: parseManifest(entry.json(), kvKey), revision: entry.revision };
  }

  /**
   * Writes `manifest` if the stored revision is still `revision`; false when another writer got there first
   * (the caller re-reads and re-merges). Other failures (timeouts, a lost connection) are thrown.
   */
  async write(manifest: SeriesManifest, revision: number): Promise<boolean> {
    const kvKey = manifestKey(manifest.key);
    const value = JSON.stringify(manifest);
    try {
      if (revision === 0) await this.kv.create(kvKey, value);
      else await this.kv.update(kvKey, value, revision);
      return true;
    } catch (error) {
      // Tell a lost race from a real failure by looking, not by parsing server error codes.
      const now = await this.kv.get(kvKey);
      if ((now?.revision ?? 0) !== revision) return false;
      throw error;
    }
  }

  async all(): Promise<SeriesManifest[]> {
    const keys: string[] = [];
    for await (const key of await this.kv.keys()) keys.push(key);
    const manifests: SeriesManifest[] = [];
    for (const key of keys.sort()) {
      const entry = await this.kv.get(key);
      if (entry && entry.operation === 'PUT' && entry.length > 0) manifests.push(parseManifest(entry.json(), key));
    }
    return manifests;
  }
}
