import { createHash } from 'node:crypto';
import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { ObjectInfo, ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { MARKET_DATA_BUCKET } from './market-store-buckets';
import { MarketStoreError } from './market-store-error';
import { openOrCreateObjectStore } from '@ares/messaging';

/** As in the artifact store: 512 KiB chunks, so a month of 1m candles is a handful of messages. */
const CHUNK_BYTES = 512 * 1024;
const PUBLISH_TIMEOUT_MS = 30_000;
/** Fetches are bounded, so a read of chunks that were purged under it (the object was deleted) ends. */
const FETCH_EXPIRES_MS = 5_000;
const MAX_EMPTY_FETCHES = 6;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface ObjectRef {
  objectName: string;
  sha256: string;
  size: number;
}

/**
 * Partition objects in the NATS Object Store. The Object Store writes an object's metadata only after its
 * chunks, and the manifest references an object only after `put` returned, so a half-written object is
 * never read as a partition.
 *
 * Reads do not use the client's `getBlob`: its push consumer with flow control stalls under load on
 * nats-server 2.9 (see ObjectStoreArtifactStore). Chunks are read with an ordered pull consumer instead,
 * by bounded fetches, so a read of an object deleted under it fails instead of waiting forever.
 */
export class PartitionObjects {
  private constructor(
    private readonly store: ObjectStore,
    private readonly js: JetStreamClient,
    private readonly bucket: string,
  ) {}

  static async open(nc: NatsConnection, bucket: string = MARKET_DATA_BUCKET): Promise<PartitionObjects> {
    const js = jetstream(nc, { timeout: PUBLISH_TIMEOUT_MS });
    return new PartitionObjects(await openOrCreateObjectStore(js, bucket, { storage: 'file' as never }), js, bucket);
  }

  /** Stores bytes under a content-addressed name; an intact object already there is kept (same name, same bytes). */
  async put(ref: ObjectRef, bytes: Uint8Array): Promise<void> {
    const info = await this.store.info(ref.objectName);
    if (info && !info.deleted && info.size === ref.size) return;
    await this.store.putBlob({ name: ref.objectName, options: { max_chunk_size: CHUNK_BYTES } }, bytes, { timeout: PUBLISH_TIMEOUT_MS });
  }

  /** The object's bytes, checked against the manifest's size and sha256. */
  async get(ref: ObjectRef): Promise<Uint8Array> {
    const info = await this.store.info(ref.objectName);
    if (!info || info.deleted) throw new MarketStoreError('partition-missing', `Partition object "${ref.objectName}" is missing`);
    if (info.size !== ref.size) throw corrupt(ref, `the store holds ${info.size} bytes, the manifest says ${ref.size}`);
    const bytes = info.chunks > 0 ? await this.readChunks(info, ref) : new Uint8Array(0);
    const actual = sha256Hex(bytes);
    if (actual !== ref.sha256) throw corrupt(ref, `sha256 is ${actual}, the manifest says ${ref.sha256}`);
    return bytes;
  }

  async delete(objectName: string): Promise<void> {
    await this.store.delete(objectName);
  }

  /** Live objects (for sweeping orphans). */
  async list(): Promise<ObjectInfo[]> {
    return (await this.store.list()).filter((info) => !info.deleted);
  }

  private async readChunks(info: ObjectInfo, ref: ObjectRef): Promise<Uint8Array> {
    const bytes = new Uint8Array(info.size);
    const consumer = await this.js.consumers.get(`OBJ_${this.bucket}`, { filter_subjects: `$O.${this.bucket}.C.${info.nuid}` });
    let offset = 0;
    let received = 0;
    let emptyFetches = 0;
    try {
      while (received < info.chunks) {
        const batch = await consumer.fetch({ max_messages: Math.min(64, info.chunks - received), expires: FETCH_EXPIRES_MS });
        let got = 0;
        for await (const message of batch) {
          if (offset + message.data.length > bytes.length) throw corrupt(ref, 'more data than its size');
          bytes.set(message.data, offset);
          offset += message.data.length;
          received += 1;
          got += 1;
        }
        if (got === 0) {
          if (++emptyFetches >= MAX_EMPTY_FETCHES) throw corrupt(ref, `only ${received} of ${info.chunks} chunks arrived`);
          const now = await this.store.info(ref.objectName);
          if (!now || now.deleted || now.nuid !== info.nuid) {
            throw new MarketStoreError('partition-missing', `Partition object "${ref.objectName}" was deleted or replaced while being read`);
          }
        }
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
    if (offset !== info.size) throw corrupt(ref, `expected ${info.size} bytes, read ${offset}`);
    return bytes;
  }
}

function corrupt(ref: ObjectRef, why: string): MarketStoreError {
  return new MarketStoreError('partition-corrupt', `Partition object "${ref.objectName}" is corrupt: ${why}`);
}
