import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { ArtifactRef, Buckets } from '@ares/contracts';
import { ArtifactIntegrityError, ArtifactNotFoundError, ArtifactStore } from './artifact-store';
import { artifactKey, sha256Hex } from './content-address';
import { openOrCreateObjectStore } from '@ares/messaging';

/** Bigger chunks than the client's 128 KiB default: a 50 MB dataset is ~100 messages, not ~400. */
const CHUNK_BYTES = 512 * 1024;
const PUBLISH_TIMEOUT_MS = 30_000;

/**
 * Artifacts in the NATS Object Store. An object's metadata is written only after all its chunks,
 * so an upload that dies half-way is never visible as an artifact; reads verify the hash anyway.
 *
 * Reads do not use the client's `getBlob`: it reads through a push consumer with flow control, which
 * stalled under concurrent large reads and writes on nats-server 2.9 (seen in the crash tests). An
 * ordered pull consumer over the object's chunk subject has no flow control to lose.
 */
export class ObjectStoreArtifactStore implements ArtifactStore {
  private constructor(
    private readonly store: ObjectStore,
    private readonly js: JetStreamClient,
    private readonly bucket: string,
  ) {}

  static async open(nc: NatsConnection, bucket: string = Buckets.artifacts): Promise<ObjectStoreArtifactStore> {
    const js = jetstream(nc, { timeout: PUBLISH_TIMEOUT_MS });
    return new ObjectStoreArtifactStore(await openOrCreateObjectStore(js, bucket, { storage: 'file' as never }), js, bucket);
  }

  async put(bytes: Uint8Array, mediaType: string): Promise<ArtifactRef> {
    const sha256 = sha256Hex(bytes);
    const ref: ArtifactRef = { key: artifactKey(sha256), sha256, size: bytes.byteLength, mediaType };
    if (!(await this.has(ref))) {
      await this.store.putBlob({ name: ref.key, description: mediaType, options: { max_chunk_size: CHUNK_BYTES } }, bytes, {
        timeout: PUBLISH_TIMEOUT_MS,
      });
    }
    return ref;
  }

  async get(ref: ArtifactRef): Promise<Uint8Array> {
    const info = await this.store.info(ref.key);
    if (!info || info.deleted) throw new ArtifactNotFoundError(ref);
    if (info.size !== ref.size) throw new ArtifactIntegrityError(ref, `expected ${ref.size} bytes, the store holds ${info.size}`);
    const bytes = new Uint8Array(info.size);
    let offset = 0;
    if (info.chunks > 0) {
      const consumer = await this.js.consumers.get(`OBJ_${this.bucket}`, { filter_subjects: `$O.${this.bucket}.C.${info.nuid}` });
      const messages = await consumer.consume({ max_messages: 32 });
      let received = 0;
      for await (const message of messages) {
        if (offset + message.data.length > bytes.length) throw new ArtifactIntegrityError(ref, 'more data than its size');
        bytes.set(message.data, offset);
        offset += message.data.length;
        received += 1;
        if (received === info.chunks) break;
      }
      await messages.close();
    }
    if (offset !== ref.size) throw new ArtifactIntegrityError(ref, `expected ${ref.size} bytes, read ${offset}`);
    const actual = sha256Hex(bytes);
    if (actual !== ref.sha256) throw new ArtifactIntegrityError(ref, `sha256 is ${actual}, expected ${ref.sha256}`);
    return bytes;
  }

  async has(ref: Pick<ArtifactRef, 'key'>): Promise<boolean> {
    const info = await this.store.info(ref.key);
    return info !== null && !info.deleted;
  }
}
